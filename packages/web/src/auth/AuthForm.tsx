// Sign in / create account: one form with a mode switch; shows errors by catalog code.
import { useId, useState, type FormEvent } from 'react';
import { LIMITS } from '@anytime/protocol';
import { TextField } from '../app/TextField.js';
import { errorText } from '../client/error-text.js';
import { strings } from '../strings.js';
import { credentialsProblem, type AuthMode, type Credentials } from './validate-credentials.js';

export interface AuthFormProps {
  onSubmit: (mode: AuthMode, credentials: Credentials) => Promise<void>;
  initialMode?: AuthMode;
}

export function AuthForm({ onSubmit, initialMode = 'signIn' }: AuthFormProps) {
  const [mode, setMode] = useState<AuthMode>(initialMode);
  const [values, setValues] = useState<Credentials>({ username: '', password: '', displayName: '' });
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const id = useId();
  const t = strings.auth;
  const signUp = mode === 'signUp';

  const set = (field: keyof Credentials) => (e: { target: { value: string } }) =>
    setValues((v) => ({ ...v, [field]: e.target.value }));

  async function submit(e: FormEvent) {
    e.preventDefault();
    const problem = credentialsProblem(mode, values);
    setError(problem);
    if (problem) return;
    setBusy(true);
    try {
      await onSubmit(mode, { ...values, username: values.username.trim().toLowerCase() });
    } catch (err) {
      setError(errorText(err));
      setBusy(false);
    }
  }

  function switchTo(next: AuthMode) {
    setMode(next);
    setError(null);
  }

  return (
    <section className="auth" aria-labelledby={`${id}-title`}>
      <header className="auth-brand">
        <p className="brand">{strings.appName}</p>
        <p className="tagline">{t.tagline}</p>
      </header>
      <form className="stack" onSubmit={submit} noValidate>
        <h1 id={`${id}-title`}>{signUp ? t.signUpTitle : t.signInTitle}</h1>
        <TextField
          label={t.username}
          hint={signUp ? t.usernameHint : undefined}
          name="username"
          autoComplete="username"
          autoCapitalize="none"
          spellCheck={false}
          maxLength={LIMITS.usernameMax}
          value={values.username}
          onChange={set('username')}
        />
        <TextField
          label={t.password}
          hint={signUp ? t.passwordHint : undefined}
          name="password"
          type="password"
          autoComplete={signUp ? 'new-password' : 'current-password'}
          maxLength={LIMITS.passwordMax}
          value={values.password}
          onChange={set('password')}
        />
        {signUp && (
          <TextField
            label={t.displayName}
            hint={t.displayNameHint}
            name="displayName"
            autoComplete="nickname"
            maxLength={LIMITS.displayNameMax}
            value={values.displayName}
            onChange={set('displayName')}
          />
        )}
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        <button className="primary" type="submit" disabled={busy}>
          {busy ? t.working : signUp ? t.signUpButton : t.signInButton}
        </button>
      </form>
      <p className="mode-switch">
        {signUp ? t.haveAccount : t.noAccount}{' '}
        <button type="button" className="link" onClick={() => switchTo(signUp ? 'signIn' : 'signUp')}>
          {signUp ? t.switchToSignIn : t.switchToSignUp}
        </button>
      </p>
    </section>
  );
}
