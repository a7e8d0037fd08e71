// Near me: the candidate's place as a point, the grid cells around it, and each advert's distance.
// The place table comes from GeoNames (CC BY 4.0), a small file per first letter, fetched only when a place is typed.
// The grid and the keys must match generator/nearby.py.
const CELL_LAT = 0.25;
const CELL_LON = 0.4;
const MILES_PER_DEGREE = 69.05;
const EARTH_MILES = 3958.8;
export const NO_PLACE = "none";
const OUTCODE = /^([a-z]{1,2}[0-9][0-9a-z]?)\s*(?:[0-9][a-z]{2})?$/;
const COORDINATES = /^(-?\d{1,2}(?:\.\d+)?)\s*,\s*(-?\d{1,3}(?:\.\d+)?)$/; // "Use my location" writes these
const shards = new Map();

export function key(text) {
  const words = text.toLowerCase().replace(/,/g, " ").split(/\s+/).filter(Boolean).join(" ");
  const postcode = OUTCODE.exec(words);
  return postcode ? postcode[1] : words;
}

async function shard(base, first) {
  if (!shards.has(first)) {
    shards.set(first, fetch(`${base}${first}.json`).then((r) => (r.ok ? r.json() : {})).catch(() => ({})));
  }
  return shards.get(first);
}

// The point of a typed place ({lat, lon}), or null when the table does not know it.
export async function locate(text, base) {
  const coordinates = COORDINATES.exec(text.trim());
  if (coordinates) return { lat: Number(coordinates[1]), lon: Number(coordinates[2]) };
  const name = key(text);
  if (!name) return null;
  const first = /[a-z0-9]/.test(name[0]) ? name[0] : "_";
  const found = (await shard(base, first))[name] || (await shard(base, first))[name.replace(/ /g, "-")];
  return found ? { lat: found[0], lon: found[1] } : null;
}

// The grid cells a circle of `miles` around the point touches, and the cell of adverts with no known place.
export function cellsAround(point, miles) {
  const dLat = miles / MILES_PER_DEGREE;
  const dLon = miles / (MILES_PER_DEGREE * Math.max(Math.cos((point.lat * Math.PI) / 180), 0.1));
  const cells = [NO_PLACE];
  for (let y = Math.floor((point.lat - dLat) / CELL_LAT); y <= Math.floor((point.lat + dLat) / CELL_LAT); y++) {
    for (let x = Math.floor((point.lon - dLon) / CELL_LON); x <= Math.floor((point.lon + dLon) / CELL_LON); x++) {
      cells.push(`${y}_${x}`);
    }
  }
  return cells;
}

function haversine(a, b) {
  const rad = Math.PI / 180;
  const h = Math.sin(((b.lat - a.lat) * rad) / 2) ** 2
    + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(((b.lon - a.lon) * rad) / 2) ** 2;
  return 2 * EARTH_MILES * Math.asin(Math.sqrt(h));
}

// Miles from the point to the advert's nearest site ("lat,lon;lat,lon"), or null when none is known.
export function distance(point, points) {
  if (!points) return null;
  const miles = points.split(";").map((p) => {
    const [lat, lon] = p.split(",").map(Number);
    return haversine(point, { lat, lon });
  });
  return Math.min(...miles);
}

export function away(miles) {
  if (miles === null) return "Place not known";
  const rounded = Math.round(miles);
  if (rounded < 1) return "Less than 1 mile away";
  return `About ${rounded} mile${rounded === 1 ? "" : "s"} away`;
}
