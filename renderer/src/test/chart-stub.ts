// happy-dom has no canvas: component tests swap chart.js for these inert stubs with
// `vi.mock('../lib/chart', () => import('../test/chart-stub'))`.
export const createChart = () => ({ destroy() {}, update() {}, render() {}, toBase64Image: () => 'data:image/png;base64,iVBORw0KGgo=', data: {}, options: {} })
export const themeColors = () => ({ text: '#000', grid: '#ccc', accent: '#00f', muted: '#999' })
export const PALETTE = ['#111', '#222', '#333', '#444', '#555', '#666', '#777', '#888']
