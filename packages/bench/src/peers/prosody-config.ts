// The configuration file of a benchmark Prosody: one loopback c2s port, no s2s and no TLS,
// plain passwords over the unencrypted loopback connection, in-band registration open, no
// rate limits (mod_limits is not loaded), message archive (mam) and a MUC component with its
// archive (muc_mam) on. Pure: the caller writes the file into a fresh temporary directory.

export interface ProsodyConfigInput {
  domain: string;
  c2sPort: number;
  /** The temporary directory holding data, log and pid file. */
  dir: string;
}

export const PROSODY_MUC_SUBDOMAIN = 'conference';

const lua = (s: string) => JSON.stringify(s); // a JSON string literal is a valid Lua string literal here

export function prosodyConfig(c: ProsodyConfigInput): string {
  return `-- Written by the Anytime benchmark (packages/bench/src/peers/prosody-config.ts).
pidfile = ${lua(`${c.dir}/prosody.pid`)}
data_path = ${lua(`${c.dir}/data`)}
log = { warn = ${lua(`${c.dir}/prosody.log`)} }
daemonize = false
network_backend = "epoll"
-- The default listen backlog is 32; ejabberd's listener is given 1024 too.
tcp_backlog = 1024
interfaces = { "127.0.0.1" }
c2s_ports = { ${c.c2sPort} }
s2s_ports = { }
c2s_direct_tls_ports = { }
http_ports = { }
https_ports = { }
component_ports = { }
c2s_require_encryption = false
s2s_require_encryption = false
allow_unencrypted_plain_auth = true
authentication = "internal_plain"
storage = "internal"
allow_registration = true
registration_whitelist = { "127.0.0.1" }
min_seconds_between_registrations = 0
-- Archive every message, keep it (the comparison is with Anytime's durable messages).
default_archive_policy = true
archive_expires_after = "never"
max_archive_query_results = 100
modules_enabled = { "roster", "saslauth", "disco", "register", "mam", "smacks", "offline", "posix" }
modules_disabled = { "s2s", "tls", "limits" }
smacks_max_unacked_stanzas = 100000
smacks_max_queue_size = 100000

VirtualHost ${lua(c.domain)}

Component ${lua(`${PROSODY_MUC_SUBDOMAIN}.${c.domain}`)} "muc"
  modules_enabled = { "muc_mam" }
  muc_room_locking = false
  restrict_room_creation = false
  muc_log_by_default = true
  muc_log_all_rooms = true
  max_history_messages = 20
  muc_max_occupants = 100000
`;
}
