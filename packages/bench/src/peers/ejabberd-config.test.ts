// Tests the generated ejabberd configuration: its own ports, and the defaults that would distort
// a benchmark turned off, archive on.
import { describe, expect, it } from 'vitest';
import { ejabberdctlCfg, ejabberdYaml, type EjabberdConfigInput } from './ejabberd-config.js';

const input: EjabberdConfigInput = {
  domain: 'localhost',
  c2sPort: 41234,
  distPort: 41235,
  dir: '/tmp/anytime-ejabberd-x',
  node: 'anytimebench1@localhost',
  cookie: 'c00kie',
};

describe('ejabberd config', () => {
  const yml = ejabberdYaml(input);

  it('listens on its own loopback port with a real backlog, no shaper and no TLS', () => {
    expect(yml).toContain('  - port: 41234\n    ip: "127.0.0.1"\n    module: ejabberd_c2s');
    expect(yml).toMatch(/backlog: 1024/);
    expect(yml).toMatch(/shaper: none/);
    expect(yml).toMatch(/c2s_shaper: none/);
    expect(yml).toMatch(/starttls: false/);
    expect(yml).not.toMatch(/5222/);
  });

  it('archives every message, in direct chats and rooms, and lets the bench register users', () => {
    expect(yml).toMatch(/mod_mam:\n\s+# .*\n\s+default: always/);
    expect(yml).toMatch(/default_room_options:\n\s+mam: true/);
    expect(yml).toMatch(/registration_timeout: infinity/);
    expect(yml).toMatch(/auth_password_format: plain/);
  });

  it('gives ejabberdctl a node, cookie, distribution port and pid file of its own', () => {
    const cfg = ejabberdctlCfg(input);
    expect(cfg).toContain('ERLANG_NODE=anytimebench1@localhost');
    expect(cfg).toContain('ERL_OPTIONS="-setcookie c00kie"');
    expect(cfg).toContain('ERL_DIST_PORT=41235');
    expect(cfg).toContain('INET_DIST_INTERFACE=127.0.0.1');
    expect(cfg).toContain('EJABBERD_PID_PATH=/tmp/anytime-ejabberd-x/ejabberd.pid');
  });
});

describe('ejabberd on SQLite', () => {
  it('keeps users and the archive in an SQLite file of its own directory', () => {
    const yml = ejabberdYaml({ ...input, storage: 'sqlite' });
    expect(yml).toContain('sql_type: sqlite\nsql_database: "/tmp/anytime-ejabberd-x/ejabberd.db"\ndefault_db: sql');
    expect(yml).toContain('auth_method: sql');
    expect(yml).toMatch(/default: always\n\s+db_type: sql/);
    expect(ejabberdYaml(input)).toMatch(/auth_method: internal/);
  });
});
