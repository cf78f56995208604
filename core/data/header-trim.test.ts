// Column names are read without the spaces around them: a name that collides only after that trim
// says which column had the spaces (explore24 finding 12: `sales,sales ,Sales` said "used twice
// (columns 2 and 3)" though the header shows two different names).
import { describe, expect, it } from 'vitest'
import { ImportError } from './errors'
import { importRefusal } from './testing'

async function* once(text: string): AsyncGenerator<string> {
  yield text
}
const refusal = (text: string): Promise<ImportError> => importRefusal(once(text), { fileName: 'names.csv' })

describe('a column name used twice', () => {
  it('says which column read differently in the file before its spaces were trimmed', async () => {
    const e = await refusal('date,sales,sales ,Sales\n2024-01-01,1,2,3\n')
    expect(e).toBeInstanceOf(ImportError)
    expect(e.code).toBe('duplicate-column')
    expect(e.message).toContain('the column name "sales" is used twice (columns 2 and 3; column 3 is "sales " in the file, its name read without the spaces around it)')
  })

  it('names both where both had spaces, and neither where the file repeats a name as it is', async () => {
    const both = await refusal('date, sales,sales \n2024-01-01,1,2\n')
    expect(both.message).toContain('(columns 2 and 3; column 2 is " sales" and column 3 "sales " in the file, their names read without the spaces around them)')
    const same = await refusal('date,sales,sales\n2024-01-01,1,2\n')
    expect(same.message).toContain('the column name "sales" is used twice (columns 2 and 3)')
    expect(same.message).not.toContain('spaces')
  })
})
