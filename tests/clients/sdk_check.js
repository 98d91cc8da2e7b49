// Drives the real frappe-js-sdk against a live server; prints one JSON object with what it got.
// Run by tests/api/test_js_sdk.py: node sdk_check.js <url> <api_key:api_secret> <username> <password>
const { FrappeApp } = require("frappe-js-sdk");

async function main() {
  const [url, token, username, password] = process.argv.slice(2);
  const out = {};
  const anon = new FrappeApp(url);
  out.login = await anon.auth().loginWithUsernamePassword({ username, password });
  try {
    await anon.auth().loginWithUsernamePassword({ username, password: "wrong" });
    out.badLogin = "accepted";
  } catch (e) {
    out.badLogin = { httpStatus: e.httpStatus, exception: e.exception };
  }

  const app = new FrappeApp(url, { useToken: true, token: () => token, type: "token" });
  const db = app.db();
  out.created = await db.createDoc("Branch", { branch_code: "JS01", branch_name: "JS branch", city: "Wuhan" });
  await db.createDoc("Branch", { branch_code: "JS02", branch_name: "JS branch 2", city: "Wuhan" });
  await db.createDoc("Branch", { branch_code: "JS03", branch_name: "JS branch 3", city: "Xian" });
  out.list = await db.getDocList("Branch", {
    fields: ["name", "city"],
    filters: [["branch_code", "like", "JS%"]],
    orderBy: { field: "branch_code", order: "desc" },
    limit_start: 1,
    limit: 2,
  });
  out.orList = await db.getDocList("Branch", {
    fields: ["name"],
    orFilters: [["city", "=", "Xian"], ["branch_code", "=", "JS01"]],
    orderBy: { field: "branch_code", order: "asc" },
  });
  out.doc = await db.getDoc("Branch", "JS01");
  out.updated = await db.updateDoc("Branch", "JS01", { city: "Chengdu" });
  out.count = await db.getCount("Branch", [["city", "=", "Wuhan"]]);
  out.value = await db.getValue("Branch", "city", [["name", "=", "JS01"]]);
  out.setValue = await db.setValue("Branch", "JS02", "branch_name", "renamed");
  out.deleted = await db.deleteDoc("Branch", "JS03");
  const call = app.call();
  out.callGet = await call.get("frappe.client.get_count", { doctype: "Branch" });
  out.callPost = await call.post("frappe.client.set_value", { doctype: "Branch", name: "JS02", fieldname: "city", value: "Hefei" });
  try {
    await db.getDoc("Branch", "NOPE");
    out.missing = "found";
  } catch (e) {
    out.missing = { httpStatus: e.httpStatus, exception: e.exception };
  }
  process.stdout.write(JSON.stringify(out));
}

main().catch((e) => {
  process.stderr.write(String(e && e.stack ? e.stack : JSON.stringify(e)));
  process.exit(1);
});
