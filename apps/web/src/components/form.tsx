import { useMutation } from '@tanstack/react-query';
import { ButtonHTMLAttributes, FormEvent, InputHTMLAttributes, ReactNode, SelectHTMLAttributes, TextareaHTMLAttributes, useState } from 'react';
import { Alert, ErrorAlert } from './page';
import { useI18n } from '../i18n';

interface FieldProps {
  /** The field's id is `field-<name>` (the error summary links to it). */
  name: string;
  label: string;
  hint?: string;
  error?: string;
  children: (props: { id: string; 'aria-describedby'?: string; 'aria-invalid'?: true }) => ReactNode;
}

/** A form field: its label, a hint, and its error on the field itself (announced with it). */
export function Field({ name, label, hint, error, children }: FieldProps) {
  const id = `field-${name}`;
  const described = [hint && `${id}-hint`, error && `${id}-error`].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`field${error ? ' field-error' : ''}`}>
      <label htmlFor={id}>{label}</label>
      {hint && (
        <p className="hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      {error && (
        <p className="error-message" id={`${id}-error`}>
          {error}
        </p>
      )}
      {children({ id, 'aria-describedby': described, ...(error ? { 'aria-invalid': true as const } : {}) })}
    </div>
  );
}

export const Input = (props: InputHTMLAttributes<HTMLInputElement>) => <input {...props} />;
export const TextArea = (props: TextareaHTMLAttributes<HTMLTextAreaElement>) => <textarea rows={4} {...props} />;
export const Select = (props: SelectHTMLAttributes<HTMLSelectElement>) => <select {...props} />;

export function Button({ variant = 'primary', ...props }: ButtonHTMLAttributes<HTMLButtonElement> & { variant?: 'primary' | 'secondary' | 'danger' }) {
  return <button type="button" className={`button button-${variant}`} {...props} />;
}

/** The errors of a form, listed above it, each naming its field and linking to it. */
export function ErrorSummary({ errors }: { errors: { field: string; label: string; message: string }[] }) {
  const { t } = useI18n();
  if (!errors.length) return null;
  return (
    <div className="alert alert-error" role="alert">
      <p className="alert-title">{t('error.summary')}</p>
      <ul>
        {errors.map((e) => (
          <li key={e.field}>
            <a href={`#field-${e.field}`}>{e.label}</a> : {e.message}
          </li>
        ))}
      </ul>
    </div>
  );
}

/**
 * A report in words (a micro-grant's report, an incubation's impact report): one text, required,
 * sent by `submit`; the error on its field, the outcome above it.
 */
export function SummaryForm({
  title,
  label,
  hint,
  submitLabel,
  doneText,
  submit,
}: {
  title: string;
  label: string;
  hint?: string;
  submitLabel: string;
  doneText?: string;
  submit: (summary: string) => Promise<unknown>;
}) {
  const { t } = useI18n();
  const [summary, setSummary] = useState('');
  const [error, setError] = useState<string>();
  const send = useMutation({ mutationFn: () => submit(summary.trim()) });
  function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (!summary.trim()) return setError(t('error.required'));
    setError(undefined);
    send.mutate();
  }
  return (
    <section aria-labelledby="summary-form" className="panel">
      <h2 id="summary-form">{title}</h2>
      {send.isSuccess && doneText && <Alert kind="success">{doneText}</Alert>}
      {send.error && <ErrorAlert error={send.error} />}
      <form onSubmit={onSubmit} noValidate>
        <Field name="summary" label={label} hint={hint} error={error}>
          {(props) => <TextArea {...props} value={summary} onChange={(e) => setSummary(e.target.value)} maxLength={8000} />}
        </Field>
        <Button type="submit" disabled={send.isPending}>
          {submitLabel}
        </Button>
      </form>
    </section>
  );
}

/**
 * A form of a few texts (a decline's reason, a check-in, a review, a final report): each field with
 * its label, hint and error, the required ones checked before sending, the outcome above the form.
 */
export function TextsForm<K extends string>({
  id,
  title,
  fields,
  submitLabel,
  doneText,
  variant = 'primary',
  before,
  collapsed = false,
  submit,
}: {
  id: string;
  title: string;
  /** Folded under its title until opened (a step seldom taken: an extension, a cancellation). */
  collapsed?: boolean;
  fields: { name: K; label: string; hint?: string; required?: boolean; maxLength?: number; rows?: number }[];
  submitLabel: string;
  doneText?: string;
  variant?: 'primary' | 'secondary' | 'danger';
  /** Fields of another kind, placed before the texts (a select, a number). */
  before?: ReactNode;
  submit: (values: Record<K, string>) => Promise<unknown>;
}) {
  const { t } = useI18n();
  const [values, setValues] = useState<Record<string, string>>({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  const send = useMutation({
    mutationFn: () => submit(Object.fromEntries(fields.map((f) => [f.name, (values[f.name] ?? '').trim()])) as Record<K, string>),
    onSuccess: () => setValues({}),
  });
  function onSubmit(event: FormEvent) {
    event.preventDefault();
    const found = Object.fromEntries(fields.filter((f) => f.required && !(values[f.name] ?? '').trim()).map((f) => [f.name, t('error.required')]));
    setErrors(found);
    if (!Object.keys(found).length) send.mutate();
  }
  const body = (
    <>
      {send.isSuccess && doneText && <Alert kind="success">{doneText}</Alert>}
      {send.error && <ErrorAlert error={send.error} />}
      <form onSubmit={onSubmit} noValidate>
        {before}
        {fields.map((f) => (
          <Field key={f.name} name={`${id}-${f.name}`} label={f.label} hint={f.hint} error={errors[f.name]}>
            {(props) => (
              <TextArea
                {...props}
                rows={f.rows ?? 3}
                value={values[f.name] ?? ''}
                onChange={(e) => setValues({ ...values, [f.name]: e.target.value })}
                maxLength={f.maxLength ?? 4000}
              />
            )}
          </Field>
        ))}
        <Button type="submit" variant={variant} disabled={send.isPending}>
          {submitLabel}
        </Button>
      </form>
    </>
  );
  if (collapsed) {
    return (
      <details className="panel disclosure" id={id}>
        <summary>{title}</summary>
        {body}
      </details>
    );
  }
  return (
    <section aria-labelledby={id} className="panel">
      <h2 id={id}>{title}</h2>
      {body}
    </section>
  );
}

/** A field choosing one value among options, each with its label. */
export function ChoiceField({
  name,
  label,
  hint,
  value,
  options,
  onChange,
}: {
  name: string;
  label: string;
  hint?: string;
  value: string | number;
  options: { value: string | number; label: string }[];
  onChange: (value: string) => void;
}) {
  return (
    <Field name={name} label={label} hint={hint}>
      {(props) => (
        <Select {...props} value={value} onChange={(e) => onChange(e.target.value)}>
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </Select>
      )}
    </Field>
  );
}
