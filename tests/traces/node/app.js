// Fails inside a class method called from async code, with an error `cause`.
class Router {
  handle(path) {
    if (!path.startsWith('/')) {
      throw new Error(`no route for ${path}`, { cause: new TypeError('bad path') });
    }
  }
}

async function serve(router, path) {
  await null;
  router.handle(path);
}

async function main() {
  const router = new Router();
  await serve(router, 'x');
}

main();
