"""Project URLs: the schema parameter, and no password ever accepted or echoed."""
import pytest

from geo.messages import CodedError
from geo.postgis.url import build_url, parse_url, redacted
from geo.store_api import ProjectStoreAPI, is_server_url


def test_schema_is_taken_off_before_libpq():
    loc = parse_url("postgresql://editor@db.example:5432/district?schema=xingfu&sslmode=require")
    assert loc.schema == "xingfu"
    assert loc.conninfo == "postgresql://editor@db.example:5432/district?sslmode=require"
    assert loc.channel == "gridatlas_xingfu"
    assert parse_url(loc.url) == loc


def test_default_schema():
    assert parse_url("postgresql://editor@db/district").schema == "gridatlas"


@pytest.mark.parametrize("url", ["postgresql://editor:s3cret@db:5432/district",
                                 "postgresql://editor@db:5432/district?password=s3cret",
                                 "postgres://:s3cret@db/district"])
def test_a_password_in_the_url_is_refused_and_not_repeated(url):
    with pytest.raises(CodedError) as info:
        parse_url(url)
    assert info.value.message.code == "postgis.password_in_url"
    assert "s3cret" not in str(info.value)
    assert ".pgpass" in str(info.value)


@pytest.mark.parametrize("schema", ["Xingfu", "1st", "a-b", "x; drop table y", ""])
def test_schema_names_are_plain(schema):
    with pytest.raises(CodedError) as info:
        parse_url(f"postgresql://editor@db/district?schema={schema}")
    assert info.value.message.code == "postgis.bad_schema"


def test_not_a_url():
    with pytest.raises(CodedError) as info:
        parse_url("postgresql://editor@db")
    assert info.value.message.code == "postgis.bad_url"


def test_dialog_fields_make_a_url_with_a_socket_folder():
    url = build_url("/srv/pg run", 5433, "district", "editor", "xingfu")
    loc = parse_url(url)
    assert loc.schema == "xingfu"
    assert loc.conninfo == "postgresql://editor@%2Fsrv%2Fpg%20run:5433/district"


def test_redacted():
    assert redacted("postgresql://u:pw@h/db") == "postgresql://u:***@h/db"


def test_both_stores_satisfy_the_interface(tiny_gpkg):
    from geo.postgis.store import PostgisStore
    from geo.store import ProjectStore

    store = ProjectStore(tiny_gpkg)
    try:
        assert isinstance(store, ProjectStoreAPI)
    finally:
        store.close()
    for name in ("apply", "close", "ensure_layers", "ensure_columns", "history_entries", "history_inverse"):
        assert callable(getattr(PostgisStore, name))
    assert is_server_url("postgresql://u@h/db") and not is_server_url(tiny_gpkg)
