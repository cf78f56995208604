import type { ChildProcess } from 'node:child_process'
export function startWebServer(root: string, db: string): Promise<{ child: ChildProcess; url: string }>
