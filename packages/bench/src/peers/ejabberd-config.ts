// The configuration files of a benchmark ejabberd: ejabberd.yml (one loopback listener, no
// shaper, a large backlog, plain passwords, in-band registration open, message archive and
// MUC archive on) and ejabberdctl.cfg (a node name, cookie and distribution port of its own).
// Pure: the caller writes the files into a fresh temporary directory.

export interface EjabberdConfigInput {
  /** XMPP domain, e.g. "localhost". */
  domain: string;
  /** Client-to-server port on 127.0.0.1. */
  c2sPort: number;
  /** Erlang distribution port (so no epmd is needed). */
  distPort: number;
  /** The temporary directory holding config, logs, spool and pid file. */
  dir: string;
  /** Erlang node name, unique per run. */
  node: string;
  cookie: string;
  /**
   * Where users, rosters, offline messages and the archive live: Mnesia (ejabberd's default;
   * the archive is then a disc-only Mnesia table) or an SQLite file in `dir` (ejabberd creates
   * its schema), the match for Anytime on SQLite.
   */
  storage?: 'mnesia' | 'sqlite';
}

export const MUC_SUBDOMAIN = 'conference';

/** ejabberd.yml. YAML is written by hand: every value is a number or a quoted string. */
export function ejabberdYaml(c: EjabberdConfigInput): string {
  return `# Written by the Anytime benchmark (packages/bench/src/peers/ejabberd-config.ts).
hosts:
  - "${c.domain}"
loglevel: warning
language: en
listen:
  - port: ${c.c2sPort}
    ip: "127.0.0.1"
    module: ejabberd_c2s
    # Debian's defaults: backlog 5 and a ~3 KB/s c2s shaper, which would measure the shaper.
    backlog: 1024
    shaper: none
    max_stanza_size: 262144
    starttls: false
    access: c2s
${
  c.storage === 'sqlite'
    ? `sql_type: sqlite\nsql_database: "${c.dir}/ejabberd.db"\ndefault_db: sql\nauth_method: sql\n`
    : 'auth_method: internal\n'
}auth_password_format: plain
registration_timeout: infinity
shaper_rules:
  max_user_sessions: 100000
  max_user_offline_messages: 100000
  c2s_shaper: none
acl:
  loopback:
    ip:
      - 127.0.0.0/8
access_rules:
  c2s:
    allow: all
  register:
    allow: all
  local:
    allow: all
modules:
  mod_disco: {}
  mod_roster: {}
  mod_offline:
    access_max_user_messages: max_user_offline_messages
  mod_register:
    ip_access: all
    access: register
    password_strength: 0
  mod_stream_mgmt:
    max_ack_queue: 100000
  mod_mam:
    # Archive every message (the default is "never", which archives nothing).
    default: always
    db_type: ${c.storage === 'sqlite' ? 'sql' : 'mnesia'}
  mod_muc:
    host: "${MUC_SUBDOMAIN}.@HOST@"
    access: all
    access_create: all
    access_persistent: all
    access_admin: none
    max_users: 100000
    max_user_conferences: 100000
    history_size: 20
    default_room_options:
      mam: true
      persistent: false
`;
}

/** ejabberdctl.cfg: read by ejabberdctl from --config-dir. */
export function ejabberdctlCfg(c: EjabberdConfigInput): string {
  return [
    '# Written by the Anytime benchmark.',
    `ERLANG_NODE=${c.node}`,
    `ERL_OPTIONS="-setcookie ${c.cookie}"`,
    `ERL_DIST_PORT=${c.distPort}`,
    'INET_DIST_INTERFACE=127.0.0.1',
    `EJABBERD_PID_PATH=${c.dir}/ejabberd.pid`,
    'ERL_MAX_PORTS=200000',
    'ERL_PROCESSES=2000000',
    `EJABBERD_CONFIG_PATH=${c.dir}/ejabberd.yml`,
    `LOGS_DIR=${c.dir}/logs`,
    `SPOOL_DIR=${c.dir}/spool`,
    '',
  ].join('\n');
}
