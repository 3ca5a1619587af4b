import { useState, type FormEvent, type ReactNode } from 'react';
import {
  Button,
  Checkbox,
  CheckboxGroup,
  ComboBox,
  FieldError,
  Input,
  Label,
  ListBox,
  ListBoxItem,
  Popover,
  Radio,
  RadioGroup,
  SearchField,
  Select,
  SelectValue,
  Text,
  TextArea,
  TextField,
  type Key,
  type ValidationResult,
} from 'react-aria-components';
import { useI18n, type Translate } from '../i18n/index.tsx';

// Form fields built from React Aria components, with the app's labels, help texts and translated
// error messages. Errors from the API arrive through <Form validationErrors> keyed by the field's name.

type Validate = (value: string) => string | null | undefined;

/**
 * React Aria shows a field's new validity when the native `change` event fires (on blur). Once a field
 * shows an error we re-check it on every keystroke instead, so the message goes away as soon as the value
 * is right, and not under the pointer as the user presses the submit button.
 */
function revalidateWhileInvalid(e: FormEvent<HTMLInputElement | HTMLTextAreaElement>) {
  const el = e.currentTarget;
  if (el.getAttribute('aria-invalid') === 'true') el.dispatchEvent(new Event('change', { bubbles: true }));
}

function errorText(t: Translate, v: ValidationResult, kind: 'text' | 'select' = 'text'): string {
  const d = v.validationDetails;
  // The browser's own messages are in the browser's language; ours follow the page.
  if (d?.valueMissing) return t(kind === 'select' ? 'validation.select' : 'validation.required');
  if (d?.typeMismatch) return t('validation.email');
  if (d?.tooShort) return t('validation.passwordLength');
  return v.validationErrors.join(' ');
}

function FieldLabel({ children, required }: { children: ReactNode; required?: boolean | undefined }) {
  return (
    <Label className="field-label">
      {children}
      {required ? (
        <span className="required-mark" aria-hidden="true">
          {' '}
          *
        </span>
      ) : null}
    </Label>
  );
}

export interface TextInputProps {
  label: string;
  name: string;
  value: string;
  onChange: (value: string) => void;
  type?: 'text' | 'email' | 'tel' | 'password' | 'date' | 'datetime-local' | 'search';
  description?: string | undefined;
  isRequired?: boolean;
  isDisabled?: boolean;
  isReadOnly?: boolean;
  autoComplete?: string;
  maxLength?: number;
  minLength?: number;
  validate?: Validate;
  inputMode?: 'text' | 'numeric' | 'decimal' | 'tel' | 'email';
  className?: string;
  autoFocus?: boolean;
  spellCheck?: boolean;
  /** What a required field says when it is left empty (default: "Fältet måste fyllas i"), e.g. naming the line it is on. */
  requiredMessage?: string | undefined;
}

export function TextInput(p: TextInputProps) {
  const { t } = useI18n();
  return (
    <TextField
      className={`field ${p.className ?? ''}`}
      name={p.name}
      value={p.value}
      onChange={p.onChange}
      type={p.type ?? 'text'}
      isRequired={p.isRequired ?? false}
      isDisabled={p.isDisabled ?? false}
      isReadOnly={p.isReadOnly ?? false}
      {...(p.autoComplete ? { autoComplete: p.autoComplete } : {})}
      {...(p.maxLength ? { maxLength: p.maxLength } : {})}
      {...(p.minLength ? { minLength: p.minLength } : {})}
      {...(p.inputMode ? { inputMode: p.inputMode } : {})}
      {...(p.autoFocus ? { autoFocus: true } : {})}
      {...(p.validate ? { validate: (v: string) => p.validate?.(v) ?? null } : {})}
    >
      <FieldLabel required={p.isRequired}>{p.label}</FieldLabel>
      <Input className="input" onInput={revalidateWhileInvalid} {...(p.spellCheck === false ? { spellCheck: false } : {})} />
      {p.description ? (
        <Text slot="description" className="field-help">
          {p.description}
        </Text>
      ) : null}
      <FieldError className="field-error">{(v) => (v.validationDetails?.valueMissing && p.requiredMessage ? p.requiredMessage : errorText(t, v))}</FieldError>
    </TextField>
  );
}

export function TextAreaInput(p: Omit<TextInputProps, 'type' | 'autoComplete' | 'inputMode'> & { rows?: number }) {
  const { t } = useI18n();
  return (
    <TextField
      className={`field ${p.className ?? ''}`}
      name={p.name}
      value={p.value}
      onChange={p.onChange}
      isRequired={p.isRequired ?? false}
      isDisabled={p.isDisabled ?? false}
      {...(p.maxLength ? { maxLength: p.maxLength } : {})}
      {...(p.validate ? { validate: (v: string) => p.validate?.(v) ?? null } : {})}
    >
      <FieldLabel required={p.isRequired}>{p.label}</FieldLabel>
      <TextArea className="input textarea" rows={p.rows ?? 5} onInput={revalidateWhileInvalid} />
      {p.description ? (
        <Text slot="description" className="field-help">
          {p.description}
        </Text>
      ) : null}
      <FieldError className="field-error">{(v) => (v.validationDetails?.valueMissing && p.requiredMessage ? p.requiredMessage : errorText(t, v))}</FieldError>
    </TextField>
  );
}

export interface Option<K extends Key = string> {
  id: K;
  label: string;
}

export interface SelectInputProps<K extends Key> {
  label: string;
  name: string;
  value: K | null;
  onChange: (value: K | null) => void;
  options: readonly Option<K>[];
  isRequired?: boolean;
  isDisabled?: boolean;
  description?: string | undefined;
  placeholder?: string;
  className?: string;
}

export function SelectInput<K extends Key>(p: SelectInputProps<K>) {
  const { t } = useI18n();
  return (
    <Select
      className={`field ${p.className ?? ''}`}
      name={p.name}
      value={p.value}
      onChange={(k) => p.onChange(k as K | null)}
      isRequired={p.isRequired ?? false}
      // React Aria does not open a Select without options: while they are loading (or there are none) the
      // field is disabled, so a press is not silently lost and the user sees it cannot be chosen yet.
      isDisabled={(p.isDisabled ?? false) || p.options.length === 0}
      placeholder={p.placeholder ?? t('common.selectPlaceholder')}
    >
      <FieldLabel required={p.isRequired}>{p.label}</FieldLabel>
      <Button className="select-button">
        <SelectValue className="select-value" />
        <span className="select-chevron" aria-hidden="true">
          ▾
        </span>
      </Button>
      {p.description ? (
        <Text slot="description" className="field-help">
          {p.description}
        </Text>
      ) : null}
      <FieldError className="field-error">{(v) => errorText(t, v, 'select')}</FieldError>
      <Popover className="popover">
        <ListBox className="listbox" items={p.options}>
          {(o) => (
            <ListBoxItem className="listbox-item" id={o.id} textValue={o.label}>
              {o.label}
            </ListBoxItem>
          )}
        </ListBox>
      </Popover>
    </Select>
  );
}

export interface ComboInputProps<K extends Key> {
  label: string;
  addLabel: string;
  options: readonly Option<K>[];
  onAdd: (value: K) => void;
  description?: string | undefined;
  className?: string;
}

/**
 * Search-as-you-type picker with an add button: choose in the combo box, then add to a list shown
 * elsewhere. (Adding on selection would reopen the list under the cleared input.)
 */
export function AddFromComboBox<K extends Key>(p: ComboInputProps<K>) {
  const { t } = useI18n();
  const [input, setInput] = useState('');
  const [value, setValue] = useState<K | null>(null);
  const add = () => {
    if (value == null) return;
    p.onAdd(value);
    setValue(null);
    setInput('');
  };
  return (
    <div className={`add-row ${p.className ?? ''}`}>
      <ComboBox
        className="field"
        defaultItems={p.options}
        value={value}
        onChange={(k) => {
          setValue(k as K | null);
          const o = p.options.find((x) => x.id === k);
          if (o) setInput(o.label);
        }}
        inputValue={input}
        onInputChange={setInput}
        allowsEmptyCollection
      >
        <FieldLabel>{p.label}</FieldLabel>
        <div className="combobox-group">
          <Input className="input" />
          <Button className="combobox-button" aria-label={p.label}>
            <span aria-hidden="true">▾</span>
          </Button>
        </div>
        {p.description ? (
          <Text slot="description" className="field-help">
            {p.description}
          </Text>
        ) : null}
        <Popover className="popover">
          <ListBox className="listbox" renderEmptyState={() => <div className="listbox-empty">{t('common.noResults')}</div>}>
            {(o: Option<K>) => (
              <ListBoxItem className="listbox-item" id={o.id} textValue={o.label}>
                {o.label}
              </ListBoxItem>
            )}
          </ListBox>
        </Popover>
      </ComboBox>
      <Button className="button button--secondary add-button" onPress={add} isDisabled={value == null}>
        {p.addLabel}
      </Button>
    </div>
  );
}

export function CheckboxInput({
  children,
  isSelected,
  onChange,
  name,
  isDisabled,
}: {
  children: ReactNode;
  isSelected: boolean;
  onChange: (v: boolean) => void;
  name?: string;
  isDisabled?: boolean;
}) {
  return (
    <Checkbox className="checkbox" isSelected={isSelected} onChange={onChange} isDisabled={isDisabled ?? false} {...(name ? { name } : {})}>
      <CheckboxBox />
      <span className="checkbox-label">{children}</span>
    </Checkbox>
  );
}

function CheckboxBox({ value }: { value?: string }) {
  return (
    <span className="checkbox-box" aria-hidden="true" data-value={value}>
      <svg viewBox="0 0 18 18" className="checkbox-check" focusable="false">
        <polyline points="3.5 9.5 7.5 13 14.5 5" />
      </svg>
    </span>
  );
}

export function CheckboxGroupInput<K extends string>({
  label,
  name,
  value,
  onChange,
  options,
  description,
}: {
  label: string;
  name: string;
  value: K[];
  onChange: (v: K[]) => void;
  options: readonly Option<K>[];
  description?: string;
}) {
  return (
    <CheckboxGroup className="field checkbox-group" name={name} value={value} onChange={(v) => onChange(v as K[])}>
      <FieldLabel>{label}</FieldLabel>
      {description ? (
        <Text slot="description" className="field-help">
          {description}
        </Text>
      ) : null}
      <div className="checkbox-grid">
        {options.map((o) => (
          <Checkbox key={o.id} className="checkbox" value={o.id}>
            <CheckboxBox />
            <span className="checkbox-label">{o.label}</span>
          </Checkbox>
        ))}
      </div>
      <FieldError className="field-error" />
    </CheckboxGroup>
  );
}

export function RadioGroupInput<K extends string>({
  label,
  name,
  value,
  onChange,
  options,
  description,
  orientation,
  isRequired,
}: {
  label: string;
  name: string;
  value: K | null;
  onChange: (v: K) => void;
  options: readonly Option<K>[];
  description?: string;
  orientation?: 'horizontal' | 'vertical';
  isRequired?: boolean;
}) {
  const { t } = useI18n();
  return (
    <RadioGroup
      className="field radio-group"
      name={name}
      value={value}
      onChange={(v) => onChange(v as K)}
      orientation={orientation ?? 'vertical'}
      isRequired={isRequired ?? false}
    >
      <FieldLabel required={isRequired}>{label}</FieldLabel>
      {description ? (
        <Text slot="description" className="field-help">
          {description}
        </Text>
      ) : null}
      <div className={`radio-list ${orientation === 'horizontal' ? 'radio-list--row' : ''}`}>
        {options.map((o) => (
          <Radio key={o.id} className="radio" value={o.id}>
            <span className="radio-dot" aria-hidden="true" />
            <span className="radio-label">{o.label}</span>
          </Radio>
        ))}
      </div>
      <FieldError className="field-error">{(v) => errorText(t, v, 'select')}</FieldError>
    </RadioGroup>
  );
}

export function SearchInput({
  label,
  value,
  onChange,
  description,
  name,
}: {
  label: string;
  value: string;
  onChange: (v: string) => void;
  description?: string;
  name: string;
}) {
  const { t } = useI18n();
  return (
    <SearchField className="field search-field" value={value} onChange={onChange} name={name}>
      <FieldLabel>{label}</FieldLabel>
      <div className="search-group">
        <Input className="input" />
        {value ? (
          <Button className="search-clear" aria-label={t('common.clear')}>
            <span aria-hidden="true">×</span>
          </Button>
        ) : null}
      </div>
      {description ? (
        <Text slot="description" className="field-help">
          {description}
        </Text>
      ) : null}
    </SearchField>
  );
}
