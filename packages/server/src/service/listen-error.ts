// Turns a failure to listen into the configuration error it is, naming the variable to change (HOST or PORT).
import { ConfigError } from '../config/config-error.js';

export function listenError(error: unknown, host: string, port: number): ConfigError | undefined {
  switch ((error as NodeJS.ErrnoException)?.code) {
    case 'EADDRINUSE':
      return new ConfigError('PORT', `a port nothing else listens on at ${host}`, String(port));
    case 'EACCES':
      return new ConfigError(
        'PORT',
        'a port this user may listen on (1024 or above unless privileged)',
        String(port),
      );
    case 'EADDRNOTAVAIL':
    case 'ENOTFOUND':
    case 'EAI_FAIL':
      return new ConfigError('HOST', 'an address of this machine, such as 127.0.0.1, ::1 or 0.0.0.0', host);
    default:
      return undefined;
  }
}
