import type { ComponentChildren } from 'preact';

/**
 * A form field of the settings page: its label (tied to the control by `id`), the control itself
 * (the children), and an optional hint below it, `<id>-hint`, for the control's `aria-describedby`.
 */
export function LabelledField(props: { id: string; label: ComponentChildren; hint?: ComponentChildren; class?: string; children: ComponentChildren }) {
  return (
    <div class={props.class}>
      <label for={props.id} class="field-label">
        {props.label}
      </label>
      {props.children}
      {props.hint !== undefined ? (
        <p id={`${props.id}-hint`} class="hint muted">
          {props.hint}
        </p>
      ) : null}
    </div>
  );
}
