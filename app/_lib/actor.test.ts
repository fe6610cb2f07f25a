import { describe, expect, it } from "vitest";
import { cleanActor } from "./actor";

describe("cleanActor", () => {
  it.each([
    ["  alice  ", "alice"],
    ["li.wei@ops", "li.wei@ops"],
    ["王伟", "王伟"],
    ["bob\r\nx-evil: 1", "bobx-evil 1"],
    ["<script>", "script"],
    ["x".repeat(100), "x".repeat(64)],
  ])("%j -> %j", (raw, expected) => expect(cleanActor(raw)).toBe(expected));
});
