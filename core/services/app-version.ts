// The workbench's version, from one place: package.json's "version", read when the code is built
// (Vite inlines it) or tested. fw and the app (Electron's main, browser mode) record it with every
// run they store, so the model files each writes (fw train --out, fw export --model, the Export
// view) name the same version, and each one's "saved by a newer version" check (core/train/forecast.ts
// loadModelFile) compares like with like. Before, fw's was a literal '0.1.0' (its __APP_VERSION__
// was defined by no build), browser mode's npm's environment or that literal, and Electron's
// app.getVersion(): equal only while package.json said 0.1.0.
import { version } from '../../package.json'

export const APP_VERSION: string = version
