/**
 * Schema version 2: the gradient flow of each epoch, ||dL/dh_t|| for every time step t, as
 * float64 bytes. The Train view's "gradient flow through time" chart and the run report read it
 * back, so a reloaded window or a finished run shows vanishing or exploding gradients too.
 */
export default /* sql */ `
ALTER TABLE epochs ADD COLUMN grad_flow BLOB; -- Float64Array bytes, (T); NULL when not recorded
`
