// Kept in step with package.json by test/version.test.ts; read at no start-up cost.
export const VERSION = '0.1.0';
