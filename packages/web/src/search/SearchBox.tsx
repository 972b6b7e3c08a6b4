// The search field at the top of the chat list (Ctrl/Cmd+K focuses it).
import { forwardRef } from 'react';
import { strings } from '../strings.js';

export interface SearchBoxProps {
  value: string;
  onChange: (v: string) => void;
}

export const SearchBox = forwardRef<HTMLInputElement, SearchBoxProps>(function SearchBox({ value, onChange }, ref) {
  return (
    <div className="search-box" role="search">
      <input
        ref={ref}
        type="search"
        aria-label={strings.search.label}
        placeholder={strings.search.placeholder}
        value={value}
        onChange={(e) => onChange(e.target.value)}
      />
    </div>
  );
});
