/**
 * What detection knows of one input: plain data collected from the DOM (collect → plan → fill, as
 * Bitwarden's autofill does), so the decision itself is a pure function that tests can drive.
 */
export interface FieldInfo {
  /** Position in the collected list; the filler maps it back to the element. */
  index: number;
  /** Lower-cased `type` attribute ('' when absent). */
  type: string;
  name: string;
  id: string;
  placeholder: string;
  ariaLabel: string;
  /** Text of the associated <label> elements (and aria-labelledby). */
  labelText: string;
  autocomplete: string;
  inputMode: string;
  /** The `maxlength` attribute, or null when absent. */
  maxLength: number | null;
  readOnly: boolean;
  disabled: boolean;
  /**
   * A person can see it now (`isReallyVisible`): at least 20×14 CSS px (a digit box 14×14), in the
   * viewport, not hidden or transparent, and the field itself at its centre (not covered).
   */
  visible: boolean;
  /** Identifies the nearest container, so split one-box-per-digit groups can be found. */
  group: number;
}
