// Every shipped security rule with vulnerable snippets (must be found) and clean snippets
// that look alike (must not be); shared by the ast-grep and the Semgrep rule tests.

export interface Case {
  rule: string;
  ext: string;
  vulnerable: string[];
  clean: string[];
}

export const CASES: Case[] = [
  {
    rule: 'py-eval-input',
    ext: 'py',
    vulnerable: ['eval(request.args["expr"])', 'exec(code)', 'result = eval(f"1 + {user}")'],
    clean: ['eval("1 + 2")', 'ast.literal_eval(data)', 'self.exec(query)'],
  },
  {
    rule: 'py-shell-injection',
    ext: 'py',
    vulnerable: [
      'subprocess.run(f"ls {path}", shell=True)',
      'subprocess.call("rm -rf " + target, shell=True)',
      'os.system("convert " + name)',
      'os.popen(cmd)',
    ],
    clean: [
      'subprocess.run(["ls", path])',
      'subprocess.run("ls -la", shell=True)',
      'os.system("clear")',
      'subprocess.check_output(["git", "status"], shell=False)',
    ],
  },
  {
    rule: 'py-sql-string-build',
    ext: 'py',
    vulnerable: [
      'cur.execute(f"SELECT * FROM users WHERE name = \'{name}\'")',
      'cursor.execute("SELECT * FROM t WHERE id = " + uid)',
      'db.execute("DELETE FROM t WHERE id = %s" % uid)',
      'conn.execute("UPDATE t SET a = {}".format(a))',
    ],
    clean: ['cur.execute("SELECT * FROM users WHERE name = ?", (name,))', 'cursor.execute("SELECT 1")', 'log.execute(f"step {n}")'],
  },
  {
    rule: 'py-unsafe-deserialization',
    ext: 'py',
    vulnerable: ['data = pickle.loads(blob)', 'obj = pickle.load(open(path, "rb"))', 'db = shelve.open(name)'],
    clean: ['data = json.loads(blob)', 'payload = pickle.dumps(obj)'],
  },
  {
    rule: 'py-yaml-unsafe-load',
    ext: 'py',
    vulnerable: ['cfg = yaml.load(stream)', 'cfg = yaml.load(stream, Loader=yaml.Loader)', 'cfg = yaml.unsafe_load(text)'],
    clean: ['cfg = yaml.safe_load(stream)', 'cfg = yaml.load(stream, Loader=yaml.SafeLoader)', 'cfg = yaml.load(stream, Loader=CSafeLoader)'],
  },
  {
    rule: 'py-tls-verify-disabled',
    ext: 'py',
    vulnerable: ['requests.get(url, verify=False)', 'ctx = ssl._create_unverified_context()', 'ctx.verify_mode = ssl.CERT_NONE'],
    clean: ['requests.get(url, verify=True)', 'requests.get(url, verify="/etc/ssl/ca.pem")', 'ctx = ssl.create_default_context()'],
  },
  {
    rule: 'py-hardcoded-credential',
    ext: 'py',
    vulnerable: ['password = "hunter22"', "DB_PASSWORD = 's3cr3t!x'", 'connect(host="db", password="letmein1")'],
    clean: [
      'password = os.environ["DB_PASSWORD"]',
      'password = ""',
      'password = get_password()',
      'connect(host="db", password=pw)',
      'PASSWORD_FIELD_LABEL = "Your password"',
    ],
  },
  {
    rule: 'py-weak-password-hash',
    ext: 'py',
    vulnerable: ['digest = hashlib.md5(password.encode()).hexdigest()', 'h = hashlib.sha1(user_pwd)', 'h = hashlib.new("md5", password)'],
    clean: ['digest = hashlib.md5(file_bytes).hexdigest()', 'h = hashlib.scrypt(password.encode(), salt=salt, n=16384, r=8, p=1)', 'h = hashlib.sha256(data)'],
  },
  {
    rule: 'js-eval-input',
    ext: 'js',
    vulnerable: ['eval(req.query.code);', 'const f = new Function("a", body);', 'eval(`${prefix}()`);'],
    clean: ['eval("1 + 2");', 'JSON.parse(req.body);', 'const f = new Function("a", "return a");'],
  },
  {
    rule: 'js-shell-injection',
    ext: 'ts',
    vulnerable: [
      'child_process.exec(`git log ${branch}`);',
      'execSync("rm -rf " + dir);',
      'exec(userCommand, (err) => {});',
      'spawn(cmd, args, { shell: true });',
    ],
    clean: ['execFile("git", ["log", branch]);', 'exec("ls -la");', 'const m = /a(b)/.exec(text);', 'spawn("git", ["status"], { shell: false });'],
  },
  {
    rule: 'js-sql-string-build',
    ext: 'ts',
    vulnerable: [
      'db.query(`SELECT * FROM users WHERE id = ${id}`);',
      'pool.query("SELECT * FROM t WHERE name = \'" + name + "\'");',
      'db.prepare(`DELETE FROM t WHERE id = ${id}`).run();',
    ],
    clean: ['db.query("SELECT * FROM users WHERE id = $1", [id]);', 'db.prepare("SELECT 1").get();', 'cache.get(`user:${id}`);'],
  },
  {
    rule: 'js-unsafe-deserialization',
    ext: 'js',
    vulnerable: ['const obj = serialize.unserialize(body);', 'const v = v8.deserialize(buf);', 'yaml.load(text, { schema: yaml.DEFAULT_FULL_SCHEMA });'],
    clean: ['const obj = JSON.parse(body);', 'const v = v8.serialize(obj);', 'yaml.load(text);'],
  },
  {
    rule: 'js-tls-verify-disabled',
    ext: 'ts',
    vulnerable: [
      'https.request({ host, rejectUnauthorized: false });',
      'process.env.NODE_TLS_REJECT_UNAUTHORIZED = "0";',
      'spawn("node", [], { env: { NODE_TLS_REJECT_UNAUTHORIZED: "0" } });',
    ],
    clean: [
      'https.request({ host, rejectUnauthorized: true });',
      'process.env.NODE_TLS_REJECT_UNAUTHORIZED = "1";',
      'const agent = new https.Agent({ ca });',
      // Reading the variable honours what the user set; only assigning it turns checks off.
      'Client.agent = new https.Agent({ rejectUnauthorized: process.env.NODE_TLS_REJECT_UNAUTHORIZED === "0" ? false : true });',
      'Client.prototype.send = function () { if (process.env.NODE_TLS_REJECT_UNAUTHORIZED === "0") warn(); };',
    ],
  },
  {
    rule: 'js-hardcoded-credential',
    ext: 'ts',
    vulnerable: ['const password = "hunter22";', 'const config = { apiKey: "k-12345678" };', "let dbSecret = 's3cr3t!x';"],
    clean: ['const password = process.env.DB_PASSWORD;', 'const password = "";', 'const config = { apiKey: key };', 'const passwordLabel = "Enter password";'],
  },
  {
    rule: 'js-weak-password-hash',
    ext: 'js',
    vulnerable: ['crypto.createHash("md5").update(password).digest("hex");', "createHash('sha1').update(user.passwordHash + salt);"],
    clean: [
      'crypto.createHash("md5").update(fileBuffer).digest("hex");',
      'crypto.createHash("sha256").update(body);',
      'crypto.scryptSync(password, salt, 64);',
    ],
  },
];
