/** Thrown by a reference handler to answer the CALL with a CALLERROR. */
export class OcppError extends Error {
  constructor(readonly code: string, message = '') {
    super(message);
  }
}
