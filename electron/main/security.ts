// Window hardening that can be unit-tested without the Electron binary: plain data and pure
// predicates, used by window.ts.

/** Strict CSP: only our own scripts, no eval, no remote anything. Workers come from 'self' too
 *  (the CSV importer). chart.js needs inline style attributes, not inline scripts. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "worker-src 'self' blob:",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "object-src 'none'"
].join('; ')

/** https links the app may open in the user's browser. */
const EXTERNAL_ALLOW = new Set(['github.com', 'pytorch.org', 'onnxruntime.ai'])

export function isAllowedExternal(url: string): boolean {
  try {
    const u = new URL(url)
    return u.protocol === 'https:' && EXTERNAL_ALLOW.has(u.hostname) && u.username === '' && u.password === ''
  } catch {
    return false
  }
}

/** The app never navigates away from the page it loaded. */
export function isSameDocumentNavigation(current: string, target: string): boolean {
  try {
    const a = new URL(current)
    const b = new URL(target)
    return a.origin === b.origin && a.pathname === b.pathname
  } catch {
    return false
  }
}
