"use client";
import { useEffect, useState } from "react";
import { readActor, writeActor } from "../../_lib/actor";

/** "Acting as": the name written to the audit trail for changes made from this browser. */
export function ActorField() {
  const [name, setName] = useState("");
  useEffect(() => setName(readActor()), []);
  return (
    <form className="actor-field" onSubmit={(e) => { e.preventDefault(); setName(writeActor(name)); (document.activeElement as HTMLElement | null)?.blur(); }}>
      <label htmlFor="actor-name">Acting as</label>
      <input id="actor-name" className="input" value={name} placeholder="anonymous" autoComplete="username"
        aria-describedby="actor-hint" onChange={(e) => setName(e.target.value)} onBlur={() => setName(writeActor(name))} />
      <span id="actor-hint" className="visually-hidden">Your name, recorded in the audit trail with every change you make. No sign-in yet.</span>
    </form>
  );
}
