import type { FillPlan } from './detect-fields';

/**
 * Auto-submit (the person's setting): after a fill, the filled field's own form is submitted the
 * way pressing Enter would (`requestSubmit`: the form's validation and the page's submit handlers
 * run). Only when every planned field is in that one form and together they hold the whole code,
 * so nothing is sent for a half-filled or re-formatted field, or for any other form. Detection has
 * already refused hidden, covered and ambiguous fields, so this never reaches a decoy form.
 */
export function submitFilledForm(plan: FillPlan, elements: readonly HTMLInputElement[], code: string): boolean {
  const fields = plan.kind === 'single' ? [elements[plan.index]] : plan.kind === 'split' ? plan.indices.map((i) => elements[i]) : [];
  if (fields.length === 0 || fields.some((f) => !f)) return false;
  const form = fields[0]!.form;
  if (!form || !form.isConnected || fields.some((f) => f!.form !== form || !f!.isConnected)) return false;
  if (fields.map((f) => f!.value).join('') !== code) return false;
  form.requestSubmit();
  return true;
}
