#pragma once

// Thin RAII helpers over the SQLite C API, private to core/src/corpus.

#include "fieldbench/util/error.h"

#include <sqlite3.h>

#include <cstdint>
#include <string>

namespace fieldbench::sql {

[[noreturn]] inline void fail(sqlite3 *db, const std::string &what)
{
    throw Error(what + ": " + sqlite3_errmsg(db));
}

inline void exec(sqlite3 *db, const char *sqlText)
{
    char *err = nullptr;
    if (sqlite3_exec(db, sqlText, nullptr, nullptr, &err) != SQLITE_OK) {
        const std::string msg = err ? err : "unknown error";
        sqlite3_free(err);
        throw Error(std::string("project catalog: ") + msg);
    }
}

class Statement
{
public:
    Statement(sqlite3 *db, const char *sqlText)
        : m_db(db)
    {
        if (sqlite3_prepare_v2(db, sqlText, -1, &m_stmt, nullptr) != SQLITE_OK)
            fail(db, std::string("project catalog: cannot prepare \"") + sqlText + "\"");
    }
    ~Statement() { sqlite3_finalize(m_stmt); }
    Statement(const Statement &) = delete;
    Statement &operator=(const Statement &) = delete;

    Statement &bind(int i, const std::string &v)
    {
        sqlite3_bind_text(m_stmt, i, v.c_str(), int(v.size()), SQLITE_TRANSIENT);
        return *this;
    }
    Statement &bind(int i, const char *v) { return bind(i, std::string(v)); }
    Statement &bind(int i, std::int64_t v)
    {
        sqlite3_bind_int64(m_stmt, i, v);
        return *this;
    }
    Statement &bind(int i, int v) { return bind(i, std::int64_t(v)); }
    Statement &bind(int i, double v)
    {
        sqlite3_bind_double(m_stmt, i, v);
        return *this;
    }
    Statement &bindNull(int i)
    {
        sqlite3_bind_null(m_stmt, i);
        return *this;
    }

    // True while there is a row.
    bool step()
    {
        const int rc = sqlite3_step(m_stmt);
        if (rc == SQLITE_ROW)
            return true;
        if (rc == SQLITE_DONE)
            return false;
        fail(m_db, "project catalog");
    }
    void run()
    {
        while (step()) {}
        sqlite3_reset(m_stmt);
        sqlite3_clear_bindings(m_stmt);
    }
    void reset()
    {
        sqlite3_reset(m_stmt);
        sqlite3_clear_bindings(m_stmt);
    }

    std::int64_t integer(int col) const { return sqlite3_column_int64(m_stmt, col); }
    double real(int col) const { return sqlite3_column_double(m_stmt, col); }
    std::string text(int col) const
    {
        const auto *p = sqlite3_column_text(m_stmt, col);
        return p ? std::string(reinterpret_cast<const char *>(p), std::size_t(sqlite3_column_bytes(m_stmt, col)))
                 : std::string();
    }
    bool isNull(int col) const { return sqlite3_column_type(m_stmt, col) == SQLITE_NULL; }

private:
    sqlite3 *m_db;
    sqlite3_stmt *m_stmt = nullptr;
};

// BEGIN IMMEDIATE ... COMMIT; rolls back when destroyed uncommitted (exception).
class Transaction
{
public:
    explicit Transaction(sqlite3 *db)
        : m_db(db)
    {
        exec(db, "BEGIN IMMEDIATE");
    }
    ~Transaction()
    {
        if (!m_done)
            sqlite3_exec(m_db, "ROLLBACK", nullptr, nullptr, nullptr);
    }
    void commit()
    {
        exec(m_db, "COMMIT");
        m_done = true;
    }

private:
    sqlite3 *m_db;
    bool m_done = false;
};

} // namespace fieldbench::sql
