// electron-builder's configuration: `npm run dist` (build, better-sqlite3 for Electron, then
// electron-builder). Installers per platform, each built on that platform (the native module is
// built for the machine that builds): Linux AppImage + deb, macOS dmg, Windows nsis.
//   npm run dist -- --linux | --mac | --win       (add --dir for an unpacked app only)
// Checked offline by test/installers.test.ts (fields, and a --dir pack against a stand-in
// Electron). See README, "Installers".
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const root = path.dirname(fileURLToPath(import.meta.url))
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'))
const electronVersion = JSON.parse(fs.readFileSync(path.join(root, 'node_modules', 'electron', 'package.json'), 'utf8')).version

/** Where scripts/electron-native.mjs left better-sqlite3 for Electron's ABI; FW_NATIVE_DIR replaces it (tests). */
const nativeDir = path.resolve(root, process.env.FW_NATIVE_DIR ?? path.join('native', 'electron'))
const ARCH_NAMES = ['ia32', 'x64', 'armv7l', 'arm64', 'universal'] // electron-builder's Arch enum, in order

/**
 * Refuses to pack without the Electron-ABI better-sqlite3, or with one built for another Electron,
 * platform or CPU: the packaged app could not open its database.
 */
export function checkNative(platform, arch, dir = nativeDir) {
  const file = path.join(dir, 'better_sqlite3.node')
  const stampFile = path.join(dir, 'build.json')
  if (!fs.existsSync(file) || !fs.existsSync(stampFile)) {
    throw new Error(
      `${path.relative(root, file)} is missing: \`npm run dist\` needs better-sqlite3 built for Electron ` +
        '(`npm run setup:electron` downloads Electron and builds it)'
    )
  }
  const stamp = JSON.parse(fs.readFileSync(stampFile, 'utf8'))
  const want = { electron: electronVersion, platform, arch }
  for (const [k, v] of Object.entries(want)) {
    if (stamp[k] !== v) {
      throw new Error(
        `${path.relative(root, file)} was built for ${k} ${stamp[k]}, this package is for ${v}: build installers on the ` +
          'platform and CPU they are for, after `node scripts/electron-native.mjs --force`'
      )
    }
  }
}

/** @type {import('electron-builder').Configuration} */
const config = {
  appId: 'app.forecastworkbench.desktop',
  productName: 'Forecast Workbench',
  executableName: 'forecast-workbench',
  copyright: 'Copyright © Forecast Workbench contributors',
  // version: package.json's ("version"), as electron-builder always takes it.
  directories: { output: 'dist', buildResources: 'resources' },
  electronVersion,
  files: [
    'package.json',
    'out/main/**',
    'out/preload/**',
    'out/renderer/**',
    'resources/icons/**',
    'resources/samples/**',
    '!**/*.map',
    // better-sqlite3's own build is for Node's ABI, its sources are not needed at run time.
    '!node_modules/better-sqlite3/{build,deps,src}/**',
    { from: nativeDir, to: 'native/electron', filter: ['better_sqlite3.node', 'build.json'] }
  ],
  asar: true,
  // A native module cannot be loaded from inside app.asar: Electron reads it from app.asar.unpacked.
  asarUnpack: ['native/electron/**', '**/*.node'],
  // The Electron-ABI build comes from scripts/electron-native.mjs; a rebuild here would need
  // Electron's headers from the internet and a compiler, and would rebuild node_modules' copy.
  npmRebuild: false,
  nodeGypRebuild: false,
  buildDependenciesFromSource: false,
  beforePack: async (context) => checkNative(context.electronPlatformName, ARCH_NAMES[context.arch]),
  publish: null,
  artifactName: '${name}-${version}-${arch}.${ext}', // no spaces in file names
  linux: {
    target: ['AppImage', 'deb'],
    icon: 'resources/icons/icon.png',
    category: 'Science',
    synopsis: 'Train recurrent networks on your time series, offline',
    description: pkg.description,
    // deb needs a maintainer; replace with a real address before publishing.
    maintainer: 'Forecast Workbench contributors <forecast-workbench@users.noreply.github.com>',
    desktop: { entry: { Name: 'Forecast Workbench', Comment: pkg.description, Categories: 'Science;Education;' } }
  },
  deb: { packageCategory: 'science', priority: 'optional' },
  mac: {
    target: ['dmg'],
    icon: 'resources/icons/icon.png',
    category: 'public.app-category.productivity',
    hardenedRuntime: true
  },
  dmg: { title: '${productName} ${version}' },
  win: {
    target: ['nsis'],
    icon: 'resources/icons/icon.png'
  },
  nsis: {
    oneClick: false,
    perMachine: false,
    allowToChangeInstallationDirectory: true,
    createDesktopShortcut: true,
    createStartMenuShortcut: true,
    shortcutName: 'Forecast Workbench'
  }
}

export default config
