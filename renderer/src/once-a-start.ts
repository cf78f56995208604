// The notices of runs to resume (those this start found interrupted, those the last quit stopped)
// are said once an app start (AppInfo's appStartId): a page loaded again in the same start (a reload
// in browser mode, another tab, a window reloaded) showed them again, as if the runs had stopped
// anew. localStorage is shared by every page of the app's origin, and outlives the start, whose id
// it keeps.
const SHOWN_KEY = 'fw.resumeNoticesShown'

/** Whether the resume notices of start `appStartId` are still to be shown: true for the first page of
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
