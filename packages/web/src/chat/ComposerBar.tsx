// The bar above a composer while it replies to or edits a message ("Replying to Ann" and the
// message's text; × cancels). Shared by the cloud composer and the secret one.
export interface ComposerBarProps {
  title: string;
  text: string;
  /** The cancel button's label. */
  cancel: string;
  onCancel: () => void;
}

export function ComposerBar({ title, text, cancel, onCancel }: ComposerBarProps) {
  return (
    <div className="composer-bar" role="status">
      <div className="composer-bar-text">
        <strong>{title}</strong>
        <span>{text}</span>
      </div>
      <button type="button" className="icon" aria-label={cancel} onClick={onCancel}>
        <span aria-hidden="true">×</span>
      </button>
    </div>
  );
}
