// Check-digit algorithms of VAT identification numbers, as published by the national tax
// administrations (and summarised in the European Commission's VIES documentation). Each takes
// the digits after the country prefix, already matched against the country's format.

const digits = (s: string): number[] => [...s].map(Number);

const weightedSum = (ds: readonly number[], weights: readonly number[]): number =>
  weights.reduce((acc, w, i) => acc + w * (ds[i] ?? 0), 0);

/** Luhn (ISO/IEC 7812): used by IT and SE. */
export function luhn(s: string): boolean {
  let total = 0;
  for (const [i, d] of digits(s).reverse().entries()) {
    const v = i % 2 === 1 ? d * 2 : d;
    total += v > 9 ? v - 9 : v;
  }
  return total % 10 === 0;
}

/** ISO 7064 MOD 11,10: DE and HR. */
export function mod11_10(s: string): boolean {
  const ds = digits(s);
  let product = 10;
  for (const d of ds.slice(0, -1)) {
    let sum = (d + product) % 10;
    if (sum === 0) sum = 10;
    product = (2 * sum) % 11;
  }
  const check = (11 - product) % 10;
  return check === ds[ds.length - 1];
}

export const checksums: Record<string, (body: string) => boolean> = {
  // "U" + 8 digits: alternate weights 1,2 with digit sums, then (10 − (S + 4) mod 10) mod 10.
  AT(body) {
    const ds = digits(body.slice(1));
    let s = 0;
    for (let i = 0; i < 7; i++) {
      const v = (ds[i] ?? 0) * (i % 2 === 1 ? 2 : 1);
      s += Math.floor(v / 10) + (v % 10);
    }
    return (10 - ((s + 4) % 10)) % 10 === ds[7];
  },
  // 10 digits: the last two are 97 − (first eight mod 97).
  BE(body) {
    return 97 - (Number(body.slice(0, 8)) % 97) === Number(body.slice(8));
  },
  DE: mod11_10,
  HR: mod11_10,
  // Weights 2,7,6,5,4,3,2,1; the weighted sum is a multiple of 11.
  DK(body) {
    return weightedSum(digits(body), [2, 7, 6, 5, 4, 3, 2, 1]) % 11 === 0;
  },
  EE(body) {
    const ds = digits(body);
    return (10 - (weightedSum(ds, [3, 7, 1, 3, 7, 1, 3, 7]) % 10)) % 10 === ds[8];
  },
  // Greece (prefix EL): powers of two, mod 11, mod 10.
  EL(body) {
    const ds = digits(body);
    return (weightedSum(ds, [256, 128, 64, 32, 16, 8, 4, 2]) % 11) % 10 === ds[8];
  },
  ES: spanishCheck,
  FI(body) {
    const ds = digits(body);
    const r = weightedSum(ds, [7, 9, 10, 5, 8, 4, 2]) % 11;
    return r !== 1 && (r === 0 ? 0 : 11 - r) === ds[7];
  },
  // Two-character key + SIREN; a numeric key is (12 + 3 × (SIREN mod 97)) mod 97. Keys with
  // letters (issued since 2010s for some entities) have no public algorithm: format only.
  FR(body) {
    const key = body.slice(0, 2);
    if (!/^\d{2}$/.test(key)) return true;
    return (12 + 3 * (Number(body.slice(2)) % 97)) % 97 === Number(key);
  },
  // 9 digits: weights 8..2 plus the last two as a number; a multiple of 97, or 97 after
  // adding 55 (the 9755 series). Government departments (GD/HA) have no check.
  GB(body) {
    if (!/^\d/.test(body)) return true;
    const ds = digits(body.slice(0, 9));
    const total = weightedSum(ds, [8, 7, 6, 5, 4, 3, 2]) + Number(body.slice(7, 9));
    return total % 97 === 0 || (total + 55) % 97 === 0;
  },
  HU(body) {
    const ds = digits(body);
    return (10 - (weightedSum(ds, [9, 7, 3, 1, 9, 7, 3]) % 10)) % 10 === ds[7];
  },
  IE: irishCheck,
  IT(body) {
    return luhn(body);
  },
  LU(body) {
    return Number(body.slice(0, 6)) % 89 === Number(body.slice(6));
  },
  // Old format: weights 9..2 on the first eight digits, minus the ninth, is 0 mod 11. Since
  // 2020 sole traders get a BTW-id checked by MOD 97-10 over "NL" + the number.
  NL(body) {
    const ds = digits(body.slice(0, 9));
    const old = (weightedSum(ds, [9, 8, 7, 6, 5, 4, 3, 2]) - (ds[8] ?? 0)) % 11 === 0;
    return old || mod97(`NL${body}`) === 1;
  },
  PL(body) {
    const ds = digits(body);
    const r = weightedSum(ds, [6, 5, 7, 2, 3, 4, 5, 6, 7]) % 11;
    return r !== 10 && r === ds[9];
  },
  PT(body) {
    const ds = digits(body);
    const r = 11 - (weightedSum(ds, [9, 8, 7, 6, 5, 4, 3, 2]) % 11);
    return (r >= 10 ? 0 : r) === ds[8];
  },
  // 12 digits ending in "01"; the first ten are Luhn-valid (the organisation number).
  SE(body) {
    return body.endsWith("01") && luhn(body.slice(0, 10));
  },
  SI(body) {
    const ds = digits(body);
    const r = 11 - (weightedSum(ds, [8, 7, 6, 5, 4, 3, 2]) % 11);
    return r !== 11 && (r === 10 ? 0 : r) === ds[7];
  },
  SK(body) {
    return BigInt(body) % 11n === 0n;
  },
};

/** ISO 7064 MOD 97-10 over letters (A=10 … Z=35) and digits. */
function mod97(s: string): number {
  let r = 0;
  for (const ch of s) {
    const v = /\d/.test(ch) ? ch : String(ch.charCodeAt(0) - 55);
    for (const d of v) r = (r * 10 + Number(d)) % 97;
  }
  return r;
}

// Spain: a DNI (8 digits + letter), an NIE (X/Y/Z + 7 digits + letter) or a company CIF
// (letter + 7 digits + a digit or letter control).
function spanishCheck(body: string): boolean {
  const dniLetters = "TRWAGMYFPDXBNJZSQVHLCKE";
  if (/^\d{8}[A-Z]$/.test(body)) return dniLetters[Number(body.slice(0, 8)) % 23] === body[8];
  if (/^[XYZ]\d{7}[A-Z]$/.test(body)) {
    const n = Number(`${"XYZ".indexOf(body[0]!)}${body.slice(1, 8)}`);
    return dniLetters[n % 23] === body[8];
  }
  if (/^[KLM]\d{7}[A-Z]$/.test(body)) return dniLetters[Number(body.slice(1, 8)) % 23] === body[8];
  const ds = digits(body.slice(1, 8));
  let sum = 0;
  for (const [i, d] of ds.entries()) {
    if (i % 2 === 1) sum += d;
    else {
      const v = d * 2;
      sum += Math.floor(v / 10) + (v % 10);
    }
  }
  const control = (10 - (sum % 10)) % 10;
  const last = body[8]!;
  return last === String(control) || last === "JABCDEFGHI"[control];
}

// Ireland: 7 digits + a check letter (+ an optional second letter, weighted 9), weights 8..2,
// mod 23 → "WABCDEFGHIJKLMNOPQRSTUV". The old format (digit, letter or +/*, 5 digits, letter)
// is rearranged into the new one first.
function irishCheck(body: string): boolean {
  const old = /^(\d)[A-Z+*](\d{5})([A-W])$/.exec(body);
  const normal = old ? `0${old[2]}${old[1]}${old[3]}` : body;
  const ds = digits(normal.slice(0, 7));
  const second = normal[8];
  const extra = second ? (second.charCodeAt(0) - 64) * 9 : 0;
  const r = (weightedSum(ds, [8, 7, 6, 5, 4, 3, 2]) + extra) % 23;
  return "WABCDEFGHIJKLMNOPQRSTUV"[r] === normal[7];
}
