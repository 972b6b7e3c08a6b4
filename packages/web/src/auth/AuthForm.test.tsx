// The sign-in / sign-up form: what it sends, what it refuses before sending, how errors read.
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError, NetworkError } from '@anytime/sdk';
import { strings } from '../strings.js';
import { AuthForm } from './AuthForm.js';

afterEach(cleanup);

function fill(label: string, value: string) {
  fireEvent.change(screen.getByLabelText(label), { target: { value } });
}

describe('AuthForm', () => {
  it('signs in with the username lowercased and the password as typed', async () => {
    const onSubmit = vi.fn(async () => undefined);
    render(<AuthForm onSubmit={onSubmit} />);
    expect(screen.getByRole('heading', { name: strings.auth.signInTitle })).toBeTruthy();
    expect(screen.queryByLabelText(strings.auth.displayName)).toBeNull();
    fill(strings.auth.username, '  Alice ');
    fill(strings.auth.password, 'Secret pass 1');
    fireEvent.click(screen.getByRole('button', { name: strings.auth.signInButton }));
    await waitFor(() => expect(onSubmit).toHaveBeenCalledTimes(1));
    expect(onSubmit).toHaveBeenCalledWith('signIn', {
      username: 'alice',
      password: 'Secret pass 1',
      displayName: '',
    });
  });

  it('shows the catalog text for a refused sign-in and lets the person try again', async () => {
    const onSubmit = vi.fn(async () => {
      throw new ApiError('invalid_credentials', 'wrong username or password');
    });
    render(<AuthForm onSubmit={onSubmit} />);
    fill(strings.auth.username, 'alice');
    fill(strings.auth.password, 'nope nope');
    fireEvent.click(screen.getByRole('button', { name: strings.auth.signInButton }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toBe(strings.errors.invalid_credentials);
    const button = screen.getByRole('button', { name: strings.auth.signInButton }) as HTMLButtonElement;
    expect(button.disabled).toBe(false);
  });

  it('says when the server cannot be reached', async () => {
    render(
      <AuthForm
        onSubmit={async () => {
          throw new NetworkError('connection refused');
        }}
      />,
    );
    fill(strings.auth.username, 'alice');
    fill(strings.auth.password, 'whatever1');
    fireEvent.click(screen.getByRole('button', { name: strings.auth.signInButton }));
    expect((await screen.findByRole('alert')).textContent).toBe(strings.errors.network);
  });

  it('checks a new account before sending it, then sends the display name too', async () => {
    const onSubmit = vi.fn(async () => undefined);
    render(<AuthForm onSubmit={onSubmit} />);
    fireEvent.click(screen.getByRole('button', { name: strings.auth.switchToSignUp }));
    expect(screen.getByRole('heading', { name: strings.auth.signUpTitle })).toBeTruthy();
    fill(strings.auth.username, 'bob!');
    fill(strings.auth.password, 'short');
    fireEvent.click(screen.getByRole('button', { name: strings.auth.signUpButton }));
    expect(screen.getByRole('alert').textContent).toBe(strings.auth.badUsername);
    fill(strings.auth.username, 'bob');
    fireEvent.click(screen.getByRole('button', { name: strings.auth.signUpButton }));
    expect(screen.getByRole('alert').textContent).toBe(strings.auth.shortPassword);
    expect(onSubmit).not.toHaveBeenCalled();
    fill(strings.auth.password, 'long enough');
    fill(strings.auth.displayName, 'Bob B.');
    fireEvent.click(screen.getByRole('button', { name: strings.auth.signUpButton }));
    await waitFor(() =>
      expect(onSubmit).toHaveBeenCalledWith('signUp', {
        username: 'bob',
        password: 'long enough',
        displayName: 'Bob B.',
      }),
    );
  });

  it('shows username_taken from the server in words', async () => {
    render(
      <AuthForm
        initialMode="signUp"
        onSubmit={async () => {
          throw new ApiError('username_taken', 'taken');
        }}
      />,
    );
    fill(strings.auth.username, 'carol');
    fill(strings.auth.password, 'long enough');
    fireEvent.click(screen.getByRole('button', { name: strings.auth.signUpButton }));
    expect((await screen.findByRole('alert')).textContent).toBe(strings.errors.username_taken);
  });
});
