// The notices of what an app start found (AppInfo's appStartId): the queue it took up, the runs it
// found interrupted, those the last quit stopped, are said once a start: a page loaded again in the
// same start (a reload in browser mode, another tab, a window reloaded) showed them again, as if the
// runs had stopped, or the queue been taken up, anew. localStorage is shared by every page of the
// app's origin, and outlives the start, whose id it keeps (under the key it had when it kept the
// resume notices alone, so that an upgrade shows nothing twice).
const SHOWN_KEY = 'fw.resumeNoticesShown'

/** Whether the start notices of start `appStartId` are still to be shown: true for the first page of
 *  that start to ask (which marks them shown), false for every page after it. */
export function firstShowingThisStart(appStartId: string): boolean {
  try {
    if (localStorage.getItem(SHOWN_KEY) === appStartId) return false
    localStorage.setItem(SHOWN_KEY, appStartId)
  } catch {
    // no storage (a browser that refuses it): shown at each load rather than never
  }
  return true
}
