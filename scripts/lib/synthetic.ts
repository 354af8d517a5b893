// Deterministic synthetic data for the scale seeds (seed:scale, seed:decisions), so runs are
// comparable: one PRNG and one set of names.

/** mulberry32: `rand()` in [0, 1) and `hex(n)` digits, the same sequence for the same seed. */
export function prng(seed: number) {
  let state = seed >>> 0;
  const int = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
  const BYTE_HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));
  return {
    rand: () => int() / 4294967296,
    /** n hex digits (n a multiple of 8), four bytes per draw. */
    hex: (n: number) => {
      let out = "";
      for (let i = 0; i < n; i += 8) {
        const v = int();
        out +=
          BYTE_HEX[v >>> 24] + BYTE_HEX[(v >>> 16) & 255] + BYTE_HEX[(v >>> 8) & 255] + BYTE_HEX[v & 255];
      }
      return out;
    },
  };
}

export const FIRST_NAMES = [
  "Ada",
  "Ben",
  "Chen",
  "Dana",
  "Eli",
  "Fatima",
  "Gus",
  "Hana",
  "Ivan",
  "Jo",
  "Kofi",
  "Lena",
  "Mateo",
  "Nia",
  "Omar",
  "Priya",
  "Quinn",
  "Rosa",
  "Sami",
  "Tomas",
  "Uma",
  "Vik",
  "Wen",
  "Xena",
  "Yusuf",
  "Zoe",
];
export const LAST_NAMES = [
  "Adams",
  "Baker",
  "Costa",
  "Dubois",
  "Evans",
  "Fischer",
  "Garcia",
  "Haddad",
  "Ito",
  "Jensen",
  "Kowalski",
  "Larsen",
  "Moreau",
  "Nakamura",
  "Okafor",
  "Patel",
  "Quist",
  "Rossi",
  "Schmidt",
  "Tanaka",
  "Usman",
  "Varga",
  "Weber",
  "Xu",
  "Yilmaz",
  "Zhang",
];
