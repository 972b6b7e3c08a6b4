// Tests the generated Prosody configuration.
import { describe, expect, it } from 'vitest';
import { prosodyConfig } from './prosody-config.js';

describe('prosody config', () => {
  const lua = prosodyConfig({ domain: 'localhost', c2sPort: 40001, dir: '/tmp/anytime-prosody-x' });

  it('uses its own port, directory and pid file, on loopback only, without s2s or TLS', () => {
    expect(lua).toContain('c2s_ports = { 40001 }');
    expect(lua).toContain('interfaces = { "127.0.0.1" }');
    expect(lua).toContain('pidfile = "/tmp/anytime-prosody-x/prosody.pid"');
    expect(lua).toContain('data_path = "/tmp/anytime-prosody-x/data"');
    expect(lua).toMatch(/modules_disabled = \{[^}]*"s2s"[^}]*"limits"/);
    expect(lua).toContain('c2s_require_encryption = false');
    expect(lua).toContain('allow_unencrypted_plain_auth = true');
  });

  it('archives messages in direct chats and rooms and has stream management', () => {
    expect(lua).toMatch(/modules_enabled = \{[^}]*"mam"[^}]*"smacks"/);
    expect(lua).toMatch(/Component "conference.localhost" "muc"\n\s+modules_enabled = \{ "muc_mam" \}/);
    expect(lua).toContain('default_archive_policy = true');
    expect(lua).toContain('muc_log_all_rooms = true');
  });

  it('puts the virtual host after every global option', () => {
    expect(lua.indexOf('VirtualHost')).toBeGreaterThan(lua.indexOf('smacks_max_queue_size'));
  });
});
