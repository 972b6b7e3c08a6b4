// The wire protocol's version. Bump on any breaking change to a schema in this package.
export const PROTOCOL_VERSION = 1;
