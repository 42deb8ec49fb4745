export { collectFields, isCoveredByPassThrough, isReallyVisible, MAX_INPUTS, type Collected } from './collect-fields';
export { planFill, type FillPlan } from './detect-fields';
export type { FieldInfo } from './field-info';
export { fillCode } from './fill-code';
export { submitFilledForm } from './submit-form';
