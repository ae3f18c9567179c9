/**
 * Form fields inside their label: the label's text names the control for screen readers and for
 * the browser tests (getByLabel), so a field is always built the same way.
 */

export function TextField(props: {
  label: string;
  value: string;
  onValue: (value: string) => void;
  size?: number;
  placeholder?: string;
  type?: 'text' | 'number';
  min?: string;
  max?: string;
}) {
  const { label, onValue, ...input } = props;
  return (
    <label>
      {label}
      <input {...input} onInput={(e) => onValue(e.currentTarget.value)} />
    </label>
  );
}

/** A select of `options`; `none` adds a first option with the empty value (e.g. «Тот же, что …»). */
export function SelectField(props: {
  label: string;
  value: string;
  options: ReadonlyArray<{ id: string; label: string }>;
  onValue: (value: string) => void;
  none?: string;
}) {
  return (
    <label>
      {props.label}
      <select value={props.value} onChange={(e) => props.onValue(e.currentTarget.value)}>
        {props.none !== undefined && <option value="">{props.none}</option>}
        {props.options.map((option) => (
          <option key={option.id} value={option.id}>
            {option.label}
          </option>
        ))}
      </select>
    </label>
  );
}
