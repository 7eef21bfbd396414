// Freezes a request between reading an account and acting on it, to test what a concurrent change does meanwhile.
import type { User, UserStore } from '../../src/accounts/user.js';

/**
 * The next `users[method](key)` reads the account, signals `read`, and returns what it read only after `release()`
 * (which also puts the store method back). Other calls go through untouched.
 */
export function stallNextAccountRead(users: UserStore, method: 'findById' | 'findByEmail', key: string) {
  const original = users[method];
  let signalRead = () => {};
  const read = new Promise<void>((resolve) => {
    signalRead = resolve;
  });
  let resume = () => {};
  const held = new Promise<void>((resolve) => {
    resume = resolve;
  });
  let armed = true;
  users[method] = async (value: string): Promise<User | undefined> => {
    const found = await original.call(users, value);
    if (armed && value === key) {
      armed = false;
      signalRead();
      await held;
    }
    return found;
  };
  return {
    read,
    release() {
      users[method] = original;
      resume();
    },
  };
}
