// The application menu: the usual shortcuts, each forwarded to the renderer as a MenuCommand.
import { Menu } from 'electron'
import type { MenuItemConstructorOptions } from 'electron'
import type { MenuCommand } from '../contract'

export function installMenu(send: (command: MenuCommand) => void): void {
  const isMac = process.platform === 'darwin'
  const go = (label: string, command: MenuCommand, accelerator: string): MenuItemConstructorOptions => ({ label, accelerator, click: () => send(command) })
  const template: MenuItemConstructorOptions[] = [
    ...(isMac ? [{ role: 'appMenu' as const }] : []),
    {
      label: '&File',
      submenu: [
        go('Open CSV…', 'open-csv', 'CmdOrCtrl+O'),
        go('Export…', 'export', 'CmdOrCtrl+E'),
        { type: 'separator' },
        isMac ? { role: 'close' } : { role: 'quit', accelerator: 'CmdOrCtrl+Q' }
      ]
    },
    { role: 'editMenu' },
    {
      label: '&View',
      submenu: [
        go('Data', 'data', 'CmdOrCtrl+1'),
        go('Setup', 'setup', 'CmdOrCtrl+2'),
        go('Train', 'train', 'CmdOrCtrl+3'),
        go('Evaluate', 'evaluate', 'CmdOrCtrl+4'),
        go('Runs', 'runs', 'CmdOrCtrl+5'),
        { type: 'separator' },
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' }
      ]
    },
    { role: 'windowMenu' }
  ]
  Menu.setApplicationMenu(Menu.buildFromTemplate(template))
}
