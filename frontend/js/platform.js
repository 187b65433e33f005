// What the app needs of the browser beyond the DOM, reached through
// wasm-bindgen: HTTP (with upload progress), and the EDS key kept in
// IndexedDB as a non-extractable WebCrypto ECDSA P-256 key.
//
// HTTP answers are returned as "STATUS\nBODY" so that the Rust side reads
// both from one string; a network failure rejects the promise.

export async function http(method, url, body) {
  const init = { method, credentials: "same-origin", headers: { accept: "application/json" } };
  if (body !== undefined && body !== null) {
    init.headers["content-type"] = "application/json";
    init.body = body;
  }
  const response = await fetch(url, init);
  return `${response.status}\n${await response.text()}`;
}

export function upload(url, file, progress) {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", url);
    xhr.withCredentials = true;
    xhr.setRequestHeader("accept", "application/json");
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) progress(Math.round((e.loaded * 100) / e.total));
    };
    xhr.onload = () => resolve(`${xhr.status}\n${xhr.responseText}`);
    xhr.onerror = () => reject(new Error("network"));
    xhr.send(file);
  });
}

const DB = "ruqsat-eds";
const STORE = "keys";

function database() {
  return new Promise((resolve, reject) => {
    const open = indexedDB.open(DB, 1);
    open.onupgradeneeded = () => open.result.createObjectStore(STORE);
    open.onsuccess = () => resolve(open.result);
    open.onerror = () => reject(open.error);
  });
}

async function withStore(mode, act) {
  const db = await database();
  return new Promise((resolve, reject) => {
    const tx = db.transaction(STORE, mode);
    const request = act(tx.objectStore(STORE));
    tx.oncomplete = () => resolve(request.result);
    tx.onerror = () => reject(tx.error);
  });
}

function base64(buffer) {
  let s = "";
  for (const b of new Uint8Array(buffer)) s += String.fromCharCode(b);
  return btoa(s);
}

export function edsSupported() {
  return !!(globalThis.crypto && crypto.subtle && globalThis.indexedDB);
}

// A new key pair for an account, kept aside until a certificate is issued
// for it, so that a refused request leaves the key in use untouched; the
// private key cannot be exported. Returns the public key as base64
// SubjectPublicKeyInfo.
export async function edsNewKey(account) {
  const pair = await crypto.subtle.generateKey({ name: "ECDSA", namedCurve: "P-256" }, false, ["sign", "verify"]);
  await withStore("readwrite", (s) => s.put({ pair, serial: "" }, "pending:" + account));
  return base64(await crypto.subtle.exportKey("spki", pair.publicKey));
}

// The certificate for the key kept aside was issued: that key becomes the
// account's key on this device, bound to the certificate's serial.
export async function edsBind(account, serial) {
  const entry = await withStore("readonly", (s) => s.get("pending:" + account));
  if (!entry) throw new Error("no key");
  entry.serial = serial;
  await withStore("readwrite", (s) => {
    s.delete("pending:" + account);
    return s.put(entry, account);
  });
}

// The serial of the certificate whose key is on this device, or "".
export async function edsSerial(account) {
  const entry = await withStore("readonly", (s) => s.get(account));
  return entry ? entry.serial : "";
}

// Signs bytes with the account's key: ECDSA P-256 over SHA-256, r||s in base64.
export async function edsSign(account, bytes) {
  const entry = await withStore("readonly", (s) => s.get(account));
  if (!entry) throw new Error("no key");
  const signature = await crypto.subtle.sign({ name: "ECDSA", hash: "SHA-256" }, entry.pair.privateKey, bytes);
  return base64(signature);
}

export async function sha256Hex(bytes) {
  const digest = await crypto.subtle.digest("SHA-256", bytes);
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}
