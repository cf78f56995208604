// @vitest-environment happy-dom
// Help names the forecasters as core fits them: Theta is R's thetaf (SES with drift), not a
// damped-trend method, and ARIMA, a member of the default forecast, is listed too.
import { mount } from '@vue/test-utils'
import { expect, it } from 'vitest'
import HelpDialog from './HelpDialog.vue'

it('describes Theta as simple exponential smoothing with drift, and names ARIMA', () => {
  const text = mount(HelpDialog).text()
  expect(text).not.toContain('damped-trend')
  expect(text).toContain('Theta: simple exponential smoothing with a drift')
  expect(text).toMatch(/ARIMA: .*auto\.arima/)
})
