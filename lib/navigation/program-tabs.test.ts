import { describe, expect, it } from "vitest";
import { currentProgramTab, programTabs } from "@/lib/navigation/program-tabs";

describe("programTabs", () => {
  it("gives a tenant admin every section, tenant-wide pages with the Program preselected", () => {
    const tabs = programTabs("tenant_admin", "p1");
    expect(tabs.map((t) => t.label)).toEqual([
      "Overview",
      "Certificates",
      "Allowlist",
      "API users",
      "Webhooks",
      "Designs",
      "Fees",
      "SMS sender",
      "Deposit addresses",
      "Bank",
      "Wallets",
      "Monitoring",
      "Partners",
      "Test credentials",
    ]);
    expect(tabs.find((t) => t.key === "api-users")!.href).toBe("/api-users?program=p1");
    expect(tabs.find((t) => t.key === "monitoring")!.href).toBe("/monitoring?program=p1");
    expect(tabs.find((t) => t.key === "certificates")!.href).toBe("/certificates/p1");
  });

  it("gives a partner only what it may read, and no monitoring tab when nothing is exposed", () => {
    expect(programTabs("partner_viewer", "p1").map((t) => t.key)).toEqual(["overview", "monitoring"]);
    expect(programTabs("partner_viewer", "p1", { monitoringOverview: false }).map((t) => t.key)).toEqual(["overview"]);
    expect(programTabs("staff_reviewer", "p1")).toEqual([]);
  });

  it("escapes the Program id in links", () => {
    expect(programTabs("tenant_admin", "a/b?c")[0].href).toBe("/programs/a%2Fb%3Fc");
  });
});

describe("currentProgramTab", () => {
  const tabs = programTabs("tenant_admin", "p1");
  it("marks the tab of the page, the overview only on the overview", () => {
    expect(currentProgramTab(tabs, "/programs/p1")).toBe("overview");
    expect(currentProgramTab(tabs, "/programs/p1/fees")).toBe("fees");
    expect(currentProgramTab(tabs, "/programs/p1/fees/x")).toBe("fees");
    expect(currentProgramTab(tabs, "/api-users")).toBe("api-users");
    expect(currentProgramTab(tabs, "/monitoring")).toBe("monitoring");
    expect(currentProgramTab(tabs, "/programs/p1/unknown")).toBeNull();
    expect(currentProgramTab(tabs, "/audit")).toBeNull();
  });
});
