interface QuantityProps {
  id: string;
  label: string;
  value: number;
  max?: number;
  disabled?: boolean;
  onChange(quantity: number): void;
}

/** Minus / number / plus: big touch targets on phones, still a plain number input for keyboards. */
export function Quantity({ id, label, value, max = 99, disabled, onChange }: QuantityProps) {
  return (
    <div className="quantity">
      <button
        type="button"
        className="quantity__step"
        aria-label={`Decrease ${label}`}
        disabled={disabled || value <= 1}
        onClick={() => onChange(value - 1)}
      >
        −
      </button>
      <input
        id={id}
        type="number"
        inputMode="numeric"
        min={1}
        max={max}
        value={value}
        aria-label={label}
        disabled={disabled}
        onChange={(e) => {
          const n = Number.parseInt(e.target.value, 10);
          if (Number.isFinite(n) && n >= 1 && n <= max) onChange(n);
        }}
      />
      <button
        type="button"
        className="quantity__step"
        aria-label={`Increase ${label}`}
        disabled={disabled || value >= max}
        onClick={() => onChange(value + 1)}
      >
        +
      </button>
    </div>
  );
}
