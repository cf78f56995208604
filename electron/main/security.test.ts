import { describe, expect, it } from 'vitest'
import { CONTENT_SECURITY_POLICY, isAllowedExternal, isSameDocumentNavigation } from './security'

describe('window hardening', () => {
  it('has a strict Content-Security-Policy', () => {
    const directives = new Map(CONTENT_SECURITY_POLICY.split(';').map((d) => {
      const [name, ...values] = d.trim().split(/\s+/)
      return [name, values] as const
    }))
    expect(directives.get('default-src')).toEqual(["'none'"])
    expect(directives.get('script-src')).toEqual(["'self'"])
    expect(directives.get('object-src')).toEqual(["'none'"])
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-eval|https?:|\*/)
  })

  it('opens only allow-listed https links externally', () => {
    expect(isAllowedExternal('https://github.com/x')).toBe(true)
    expect(isAllowedExternal('http://github.com/x')).toBe(false)
    expect(isAllowedExternal('https://evil.example/x')).toBe(false)
    expect(isAllowedExternal('https://user:pw@github.com/')).toBe(false)
    expect(isAllowedExternal('file:///etc/passwd')).toBe(false)
    expect(isAllowedExternal('not a url')).toBe(false)
  })

  it('blocks navigation away from the loaded page', () => {
    expect(isSameDocumentNavigation('file:///app/index.html', 'file:///app/index.html#runs')).toBe(true)
    expect(isSameDocumentNavigation('file:///app/index.html', 'https://example.com/')).toBe(false)
    expect(isSameDocumentNavigation('http://127.0.0.1:5173/', 'http://127.0.0.1:5174/')).toBe(false)
  })
})
