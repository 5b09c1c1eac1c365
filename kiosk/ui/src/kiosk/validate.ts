/** Input checks the kiosk makes before sending (the agent checks again, authoritatively). */

/** A mobile (11 digits, starting with 1) or a landline with area code. */
export function validPhone(v: string): boolean {
  return /^1\d{10}$/.test(v) || /^0\d{2,3}-?\d{7,8}$/.test(v);
}

/** A queue number as printed: a service letter (never I or O) and three digits. */
export function validTicketNumber(v: string): boolean {
  return /^[A-HJ-NP-Z]\d{3}$/.test(v);
}

/** Shape of a unified social credit code (the agent checks the GB 32100 check character). */
export function creditCodeShape(v: string): boolean {
  return /^[0-9A-HJ-NPQRTUWXY]{18}$/.test(v);
}
