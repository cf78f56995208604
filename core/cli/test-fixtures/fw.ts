// `fw …` in process for the CLI's tests: main() with captured stdout and stderr, and the exit code.
import { main } from '../index'

export async function fw(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = ''
  let stderr = ''
  const code = await main(argv, { write: (s) => void (stdout += s), isTTY: false }, { write: (s) => void (stderr += s), isTTY: false })
  return { code, stdout, stderr }
}
