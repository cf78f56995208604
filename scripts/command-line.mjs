// How scripts run a helper command ([program, ...args]) on every platform without a shell, so that
// paths with spaces (C:\Program Files\nodejs\node.exe, a home folder named "Ana Lima") reach the
// program as one argument each. Node's own scripts run as `node script.js`; `npx` is run the same
// way through npm's npx-cli.js. Only where that file cannot be found does Windows need cmd.exe
// (npx is npx.cmd, which Node refuses to spawn without a shell); then every argument is quoted.
import fs from 'node:fs'
import path from 'node:path'

/** npm's npx-cli.js beside the running npm or node, or null. */
export function npxCli({ env = process.env, execPath = process.execPath, platform = process.platform, exists = fs.existsSync } = {}) {
  const p = platform === 'win32' ? path.win32 : path.posix
  const candidates = [
    env.npm_execpath && /npm-cli\.js$/.test(env.npm_execpath) ? p.join(p.dirname(env.npm_execpath), 'npx-cli.js') : null,
    platform === 'win32'
      ? p.join(p.dirname(execPath), 'node_modules', 'npm', 'bin', 'npx-cli.js')
      : p.join(p.dirname(execPath), '..', 'lib', 'node_modules', 'npm', 'bin', 'npx-cli.js')
  ]
  return candidates.find((c) => c && exists(c)) ?? null
}

/** One argument for cmd.exe's command line, as Windows' argv parser reads it back. */
export function quoteForCmd(arg) {
  if (/^[\w.\-=:\\/@+,]+$/.test(arg)) return arg
  return `"${arg.replace(/(\\*)"/g, '$1$1\\"').replace(/(\\+)$/, '$1$1')}"`
}

/**
 * { file, args, shell } for child_process.spawn(Sync). `shell` is false unless `cmd` names a
 * program only a shell can start on Windows (npx without npx-cli.js); `file` is then the whole
 * quoted command line.
 */
export function resolveCommand(cmd, opts = {}) {
  const { platform = process.platform, execPath = process.execPath } = opts
  const [program, ...rest] = cmd
  if (program === 'npx') {
    const cli = npxCli(opts)
    if (cli) return { file: execPath, args: [cli, ...rest], shell: false }
    if (platform === 'win32') return { file: cmd.map(quoteForCmd).join(' '), args: [], shell: true }
  }
  return { file: program, args: rest, shell: false }
}
