// The app in browser mode (out/node/web.js, built) on a free local port with its database at `db`:
// resolves with the server process and the URL with its token that it prints, rejects when it exits
// first. For the e2e suite (e2e/run.mjs) and the bench's import in chromium (bench/import-app.ts).
import { spawn } from 'node:child_process'
import { join } from 'node:path'

export function startWebServer(root, db) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(root, 'out', 'node', 'web.js')], {
      env: { ...process.env, FW_DB: db, FW_PORT: '0' },
      stdio: ['ignore', 'pipe', 'inherit']
    })
    let out = ''
    child.stdout.on('data', (d) => {
      out += d
      const m = out.match(/(http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+)/)
      if (m) resolve({ child, url: m[1] })
    })
    child.on('exit', (code) => reject(new Error(`web server exited (${code}): ${out}`)))
  })
}
