// exceljs's Workbook module alone (forecast-xlsx.ts loads it, not the package's entry): the class the
// package exports as ExcelJS.Workbook, typed by the package's own declarations.
declare module 'exceljs/lib/doc/workbook.js' {
  import type ExcelJS from 'exceljs'
  const Workbook: typeof ExcelJS.Workbook
  export default Workbook
}
