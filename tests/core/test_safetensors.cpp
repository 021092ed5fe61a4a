// safetensors reading and writing: round trips of every dtype, the real Hugging Face
// fixtures, files of the Python `safetensors` package both ways, malformed and randomly
// corrupted files (only fieldbench::Error, never a crash), sharded checkpoints.

#include "fieldbench/io/safetensors.h"
#include "fieldbench/util/error.h"

#include <torch/torch.h>
#include <torch/version.h>

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QtEndian>
#include "testdata.h"

#include <QtTest>

#include <cstring>
#include <optional>
#include <random>
#include <typeinfo>

// Same conditions as in safetensors.cpp.
#if TORCH_VERSION_MAJOR > 2 || (TORCH_VERSION_MAJOR == 2 && TORCH_VERSION_MINOR >= 1)
#define TEST_TORCH_HAS_FP8 1
#endif
#if TORCH_VERSION_MAJOR > 2 || (TORCH_VERSION_MAJOR == 2 && TORCH_VERSION_MINOR >= 3)
#define TEST_TORCH_HAS_UNSIGNED 1
#endif

using namespace fieldbench;
namespace fs = std::filesystem;

namespace {

fs::path fixtures()
{
    return fs::path(FIELDBENCH_HF_FIXTURES);
}

fs::path toPath(const QString &s)
{
    return fs::path(s.toStdString());
}

std::optional<SafeDType> dtypeNamed(const QString &name)
{
    for (int i = 0; i <= int(SafeDType::F8_E5M2); ++i) {
        if (QString::fromStdString(toString(SafeDType(i))) == name)
            return SafeDType(i);
    }
    return std::nullopt;
}

// The LibTorch type this build maps a safetensors dtype to (none: reading it is an Error).
std::optional<c10::ScalarType> torchTypeOf(SafeDType dtype)
{
    switch (dtype) {
    case SafeDType::BOOL: return torch::kBool;
    case SafeDType::U8: return torch::kUInt8;
    case SafeDType::I8: return torch::kInt8;
    case SafeDType::I16: return torch::kInt16;
    case SafeDType::F16: return torch::kHalf;
    case SafeDType::BF16: return torch::kBFloat16;
    case SafeDType::I32: return torch::kInt32;
    case SafeDType::F32: return torch::kFloat32;
    case SafeDType::F64: return torch::kFloat64;
    case SafeDType::I64: return torch::kInt64;
#ifdef TEST_TORCH_HAS_UNSIGNED
    case SafeDType::U16: return c10::ScalarType::UInt16;
    case SafeDType::U32: return c10::ScalarType::UInt32;
    case SafeDType::U64: return c10::ScalarType::UInt64;
#endif
#ifdef TEST_TORCH_HAS_FP8
    case SafeDType::F8_E4M3: return c10::ScalarType::Float8_e4m3fn;
    case SafeDType::F8_E5M2: return c10::ScalarType::Float8_e5m2;
#endif
    default: return std::nullopt;
    }
}

// "2x3" -> {2, 3}; "" -> {} (a scalar).
std::vector<std::int64_t> parseShape(const QString &spec)
{
    std::vector<std::int64_t> shape;
    for (const QString &dim : spec.split('x', Qt::SkipEmptyParts))
        shape.push_back(dim.toLongLong());
    return shape;
}

QString shapeName(const std::vector<std::int64_t> &shape)
{
    QStringList dims;
    for (std::int64_t d : shape)
        dims << QString::number(d);
    return "[" + dims.join(", ") + "]";
}

// Random values that survive a conversion to `type` (unsigned types get non-negative
// integers, bools 0/1).
torch::Tensor randomTensor(c10::ScalarType type, const std::vector<std::int64_t> &shape, int seed)
{
    torch::manual_seed(seed);
    if (type == torch::kBool)
        return torch::randint(0, 2, shape, torch::kInt64).to(type);
    if (c10::isFloatingType(type))
        return (torch::randn(shape) * 3).to(type);
    if (type == torch::kUInt8)
        return torch::randint(0, 256, shape, torch::kInt64).to(type);
    if (type == torch::kInt8)
        return torch::randint(-128, 128, shape, torch::kInt64).to(type);
    if (type == torch::kInt16)
        return torch::randint(-32768, 32768, shape, torch::kInt64).to(type);
    if (type == torch::kInt32 || type == torch::kInt64)
        return torch::randint(-2000000000, 2000000000, shape, torch::kInt64).to(type);
    return torch::randint(0, 65536, shape, torch::kInt64).to(type); // U16/U32/U64
}

QByteArray bytesOf(const torch::Tensor &tensor)
{
    const torch::Tensor t = tensor.contiguous();
    return QByteArray(static_cast<const char *>(t.data_ptr()), int(t.numel() * t.element_size()));
}

QByteArray bytesOf(const SafeTensorsFile &file, const SafeTensorInfo &info)
{
    return QByteArray(reinterpret_cast<const char *>(file.data(info)), int(info.end - info.begin));
}

QByteArray readAll(const fs::path &path)
{
    QFile f(QString::fromStdString(path.string()));
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return f.readAll();
}

bool writeAll(const fs::path &path, const QByteArray &bytes)
{
    QFile f(QString::fromStdString(path.string()));
    return f.open(QIODevice::WriteOnly | QIODevice::Truncate) && f.write(bytes) == bytes.size();
}

// A file as the format lays it out: 8-byte little-endian header length, header, data.
QByteArray stFile(quint64 headerLength, const QByteArray &header, const QByteArray &data = {})
{
    QByteArray out(8, '\0');
    qToLittleEndian<quint64>(headerLength, out.data());
    return out + header + data;
}

QByteArray stFile(const QByteArray &header, const QByteArray &data = {})
{
    return stFile(quint64(header.size()), header, data);
}

struct MalformedFile
{
    const char *name;
    QByteArray bytes;
    QString reason; // a word or phrase the message must contain
};

std::vector<MalformedFile> malformedFiles()
{
    const QByteArray zeros8(8, '\0');
    const QByteArray zeros12(12, '\0');
    return {
        {"empty file", {}, "too short"},
        {"4 bytes", QByteArray("\x10\0\0\0", 4), "too short"},
        {"header beyond EOF", stFile(1000, "{}"), "beyond the end of the file"},
        {"header length 100 MB + 1", stFile(100000001, "{}"), "100 MB"},
        {"header length 2^64-1", stFile(~quint64(0), "{}"), "100 MB"},
        {"header length 0", stFile(0, {}), "invalid JSON"},
        {"invalid JSON", stFile(R"({"a": )"), "invalid JSON"},
        {"invalid UTF-8", stFile("{\"a\xff\":{}}"), "invalid JSON"},
        {"number overflow", stFile(R"({"a":{"dtype":"F32","shape":[1e999],"data_offsets":[0,0]}})"), "invalid JSON"},
        {"header is an array", stFile("[1,2]"), "not a JSON object"},
        {"entry not an object", stFile(R"({"a":5})"), "not an object"},
        {"missing dtype", stFile(R"({"a":{"shape":[2],"data_offsets":[0,8]}})", zeros8), "missing \"dtype\""},
        {"missing data_offsets", stFile(R"({"a":{"dtype":"F32","shape":[2]}})", zeros8), "missing \"data_offsets\""},
        {"extra key", stFile(R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8],"x":1}})", zeros8),
         "unexpected key 'x'"},
        {"dtype F33", stFile(R"({"a":{"dtype":"F33","shape":[2],"data_offsets":[0,8]}})", zeros8),
         "unknown dtype 'F33'"},
        {"dtype lower case", stFile(R"({"a":{"dtype":"f32","shape":[2],"data_offsets":[0,8]}})", zeros8),
         "unknown dtype"},
        {"dtype not a string", stFile(R"({"a":{"dtype":4,"shape":[2],"data_offsets":[0,8]}})", zeros8),
         "\"dtype\" is not a string"},
        {"negative shape", stFile(R"({"a":{"dtype":"F32","shape":[-2],"data_offsets":[0,8]}})", zeros8),
         "negative dimension"},
        {"fractional shape", stFile(R"({"a":{"dtype":"F32","shape":[1.5],"data_offsets":[0,8]}})", zeros8),
         "not an integer"},
        {"shape not an array", stFile(R"({"a":{"dtype":"F32","shape":2,"data_offsets":[0,8]}})", zeros8),
         "not an array"},
        {"element count overflow",
         stFile(R"({"a":{"dtype":"U8","shape":[4294967296,4294967296],"data_offsets":[0,0]}})"), "overflows"},
        {"byte size overflow", stFile(R"({"a":{"dtype":"F64","shape":[2305843009213693952],"data_offsets":[0,0]}})"),
         "overflows"},
        {"dimension beyond int64",
         stFile(R"({"a":{"dtype":"U8","shape":[18446744073709551615],"data_offsets":[0,0]}})"), "overflows"},
        {"offsets reversed", stFile(R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[8,0]}})", zeros8),
         "end before they begin"},
        {"three offsets", stFile(R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[0,4,8]}})", zeros8),
         "two non-negative integers"},
        {"negative offset", stFile(R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[-8,0]}})", zeros8),
         "two non-negative integers"},
        {"offsets out of range", stFile(R"({"a":{"dtype":"F32","shape":[100],"data_offsets":[0,400]}})", zeros8),
         "beyond the data section"},
        {"overlapping tensors",
         stFile(R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}})",
                zeros12),
         "overlaps"},
        {"same offsets twice",
         stFile(R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}})",
                zeros8),
         "overlaps"},
        {"gap between tensors",
         stFile(R"({"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"b":{"dtype":"F32","shape":[1],"data_offsets":[8,12]}})",
                zeros12),
         "4 unused bytes"},
        {"gap before the first tensor", stFile(R"({"a":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}})", zeros8),
         "unused bytes"},
        {"bytes after the last tensor", stFile(R"({"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}})", zeros8),
         "unused bytes"},
        {"data but no tensors", stFile("{}", zeros8), "unused bytes"},
        {"shape/bytes mismatch", stFile(R"({"a":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}})", zeros8),
         "takes 12 bytes"},
        {"duplicate tensor names",
         stFile(R"({"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"a":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}})",
                zeros8),
         "duplicate key 'a'"},
        {"duplicate key in an entry",
         stFile(R"({"a":{"dtype":"F32","dtype":"I32","shape":[1],"data_offsets":[0,4]}})", QByteArray(4, '\0')),
         "duplicate key 'dtype'"},
        {"metadata value not a string", stFile(R"({"__metadata__":{"format":1}})"), "__metadata__ value of 'format'"},
        {"metadata not an object", stFile(R"({"__metadata__":["pt"]})"), "__metadata__ is not an object"},
        {"truncated data section", stFile(R"({"a":{"dtype":"F32","shape":[4],"data_offsets":[0,16]}})", zeros8),
         "truncated"},
        {"nesting too deep", stFile(R"({"a":{"dtype":[[["F32"]]]}})"), "nests deeper"},
    };
}

// A Python with torch and safetensors (the project's venv), or empty.
QString pythonWithSafetensors()
{
    static const QString python = fieldbench::testing::venvPython("torch, safetensors.torch");
    return python;
}

// Runs a Python script; its stdout parsed as one JSON object.
bool runPython(const QString &python, const QString &script, const QStringList &args, QJsonObject *result,
               QString *error)
{
    QProcess p;
    p.start(python, QStringList{"-c", script} + args);
    if (!p.waitForFinished(180000) || p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0) {
        *error = QString::fromUtf8(p.readAllStandardError());
        return false;
    }
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(p.readAllStandardOutput(), &parseError);
    if (!doc.isObject()) {
        *error = "Python printed no JSON: " + parseError.errorString();
        return false;
    }
    *result = doc.object();
    return true;
}

// Python helper: {name: {"dtype": safetensors name, "shape": [...], "hex": raw bytes}}.
const char *kPythonDescribe = R"(
import json, sys, torch
NAMES = {torch.bool: "BOOL", torch.uint8: "U8", torch.int8: "I8", torch.int16: "I16",
         torch.float16: "F16", torch.bfloat16: "BF16", torch.int32: "I32", torch.float32: "F32",
         torch.float64: "F64", torch.int64: "I64"}
for n, s in (("uint16", "U16"), ("uint32", "U32"), ("uint64", "U64"),
             ("float8_e4m3fn", "F8_E4M3"), ("float8_e5m2", "F8_E5M2")):
    if hasattr(torch, n):
        NAMES[getattr(torch, n)] = s
def describe(tensors):
    return {k: {"dtype": NAMES[v.dtype], "shape": list(v.shape),
                "hex": v.contiguous().reshape(-1).view(torch.uint8).numpy().tobytes().hex()}
            for k, v in tensors.items()}
)";

} // namespace

class TestSafeTensors : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QVERIFY2(fs::is_directory(fixtures()),
                 qPrintable("Hugging Face fixtures not found at " + QString::fromStdString(fixtures().string())));
    }

    void dtypeNamesAndSizes()
    {
        QCOMPARE(toString(SafeDType::BF16), std::string("BF16"));
        QCOMPARE(toString(SafeDType::F8_E4M3), std::string("F8_E4M3"));
        QCOMPARE(elementSize(SafeDType::BOOL), std::size_t(1));
        QCOMPARE(elementSize(SafeDType::BF16), std::size_t(2));
        QCOMPARE(elementSize(SafeDType::U32), std::size_t(4));
        QCOMPARE(elementSize(SafeDType::U64), std::size_t(8));
        QCOMPARE(elementSize(SafeDType::F8_E5M2), std::size_t(1));
    }

    void roundTrip_data()
    {
        QTest::addColumn<QString>("dtype");
        QTest::addColumn<QString>("shape");
        const QStringList shapes = {"", "0x3", "7", "2x3x5", "1x1x1x1", "3x0x2", "33x1"};
        for (int i = 0; i <= int(SafeDType::F8_E5M2); ++i) {
            const SafeDType dtype = SafeDType(i);
            if (!torchTypeOf(dtype))
                continue; // no LibTorch type in this build: dtypesLibTorchMayLack()
            for (const QString &shape : shapes) {
                const QString name = QString::fromStdString(toString(dtype)) + " " + shapeName(parseShape(shape));
                QTest::newRow(qPrintable(name)) << QString::fromStdString(toString(dtype)) << shape;
            }
        }
    }

    // save -> load gives the same dtype, shape and bits; load -> save gives the same file.
    void roundTrip()
    {
        QFETCH(QString, dtype);
        QFETCH(QString, shape);
        const SafeDType safeDType = *dtypeNamed(dtype);
        const c10::ScalarType type = *torchTypeOf(safeDType);
        const std::vector<std::int64_t> sizes = parseShape(shape);
        const torch::Tensor x = randomTensor(type, sizes, 11);
        // A 3-byte neighbour leaves later tensors unaligned in the data section.
        const torch::Tensor odd = torch::tensor({1, 2, 3}, torch::kUInt8);
        const std::map<std::string, std::string> metadata = {{"format", "pt"},
                                                             {"note", "ünïcödé ✓ \"quoted\"\n"}};

        QTemporaryDir dir;
        const fs::path a = toPath(dir.filePath("a.safetensors"));
        const fs::path b = toPath(dir.filePath("b.safetensors"));
        saveSafeTensors(a, {{"odd", odd}, {"x", x}}, metadata);

        SafeTensorsFile file(a);
        QCOMPARE(file.metadata(), metadata);
        QCOMPARE(int(file.tensors().size()), 2);
        QCOMPARE(file.tensors()[0].name, std::string("odd"));
        QCOMPARE(file.tensors()[1].name, std::string("x"));
        const SafeTensorInfo *info = file.find("x");
        QVERIFY(info);
        QVERIFY(info->dtype == safeDType);
        QCOMPARE(info->shape, sizes);
        QCOMPARE(info->begin, std::uint64_t(3));
        QCOMPARE(info->end - info->begin, std::uint64_t(x.numel()) * elementSize(safeDType));

        const torch::Tensor loaded = file.tensor("x");
        QVERIFY(loaded.scalar_type() == type);
        QCOMPARE(loaded.sizes().vec(), sizes);
        QVERIFY(loaded.is_contiguous());
        QCOMPARE(bytesOf(loaded), bytesOf(x));
        QCOMPARE(bytesOf(file, *info), bytesOf(x));

        saveSafeTensors(b, {{"odd", file.tensor("odd")}, {"x", loaded}}, file.metadata());
        QCOMPARE(readAll(b), readAll(a));
        const QByteArray bytes = readAll(a);
        QCOMPARE(qFromLittleEndian<quint64>(bytes.constData()) % 8, quint64(0));
    }

    // The copy is the tensor's own: it outlives the file and does not alias the mapping.
    void tensorsOwnTheirMemory()
    {
        QTemporaryDir dir;
        const fs::path p = toPath(dir.filePath("t.safetensors"));
        saveSafeTensors(p, {{"w", torch::arange(6, torch::kFloat32)}});
        torch::Tensor w;
        {
            SafeTensorsFile file(p);
            w = file.tensor("w");
            w.add_(1);
            QVERIFY(torch::equal(file.tensor("w"), torch::arange(6, torch::kFloat32)));
        }
        QVERIFY(torch::equal(w, torch::arange(6, torch::kFloat32) + 1));
    }

    void headerIsPaddedToEightBytes_data()
    {
        QTest::addColumn<int>("nameLength");
        for (int n = 1; n <= 9; ++n)
            QTest::newRow(qPrintable(QString("name of %1").arg(n))) << n;
    }

    // Spaces up to a multiple of 8, as the reference implementation writes; tensors in the
    // given order with increasing offsets; no "__metadata__" without metadata.
    void headerIsPaddedToEightBytes()
    {
        QFETCH(int, nameLength);
        QTemporaryDir dir;
        const fs::path p = toPath(dir.filePath("p.safetensors"));
        const std::string name(std::size_t(nameLength), 'n');
        saveSafeTensors(p, {{name, torch::ones({2})},
                            {"b", torch::zeros({1}, torch::kFloat64)},
                            {"a", torch::ones({3})}});
        const QByteArray bytes = readAll(p);
        const quint64 n = qFromLittleEndian<quint64>(bytes.constData());
        QCOMPARE(n % 8, quint64(0));
        QCOMPARE(quint64(bytes.size()), 8 + n + 8 + 8 + 12);
        const QByteArray header = bytes.mid(8, int(n));
        const QByteArray json = header.trimmed();
        QVERIFY(json.endsWith('}'));
        QVERIFY(header.size() - json.size() < 8);
        for (int i = json.size(); i < header.size(); ++i)
            QCOMPARE(header[i], ' ');
        QVERIFY(!header.contains("__metadata__"));
        QVERIFY(QJsonDocument::fromJson(json).isObject());

        SafeTensorsFile file(p);
        QCOMPARE(int(file.tensors().size()), 3);
        QCOMPARE(file.tensors()[0].name, name);
        QCOMPARE(file.tensors()[1].name, std::string("b"));
        QCOMPARE(file.tensors()[2].name, std::string("a"));
        QCOMPARE(file.tensors()[1].begin, std::uint64_t(8));
        QVERIFY(file.metadata().empty());
    }

    // Views, transposes, expanded and grad-requiring tensors are written as their values.
    void writesViewsAsValues()
    {
        const torch::Tensor base = torch::arange(24, torch::kFloat32).reshape({4, 6});
        const std::vector<NamedTensor> tensors = {
            {"transposed", base.t()},
            {"sliced", base.index({torch::indexing::Slice(1, 3), torch::indexing::Slice(2, torch::indexing::None, 2)})},
            {"expanded", torch::tensor({1.0f, 2.0f}).expand({3, 2})},
            {"grad", torch::ones({2}, torch::requires_grad())},
        };
        QTemporaryDir dir;
        const fs::path p = toPath(dir.filePath("v.safetensors"));
        saveSafeTensors(p, tensors);
        SafeTensorsFile file(p);
        for (const NamedTensor &t : tensors) {
            const torch::Tensor loaded = file.tensor(t.name);
            QVERIFY2(torch::equal(loaded, t.tensor.detach()), t.name.c_str());
            QVERIFY(!loaded.requires_grad());
        }
    }

    void writesCudaTensors()
    {
        if (!torch::cuda::is_available())
            QSKIP("no CUDA device");
        const torch::Tensor x = torch::randn({5, 7}).to(torch::kBFloat16);
        QTemporaryDir dir;
        const fs::path p = toPath(dir.filePath("cuda.safetensors"));
        saveSafeTensors(p, {{"x", x.to(torch::kCUDA)}});
        QCOMPARE(bytesOf(SafeTensorsFile(p).tensor("x")), bytesOf(x));
    }

    void dtypesLibTorchMayLack_data()
    {
        QTest::addColumn<QString>("dtype");
        for (const char *name : {"U16", "U32", "U64", "F8_E4M3", "F8_E5M2"})
            QTest::newRow(name) << QString(name);
    }

    // Unsigned 16/32/64-bit and FP8 read when this LibTorch has them; otherwise the header
    // still reads and tensor() says why it cannot.
    void dtypesLibTorchMayLack()
    {
        QFETCH(QString, dtype);
        const SafeDType safeDType = *dtypeNamed(dtype);
        const int size = int(elementSize(safeDType));
        QByteArray data;
        for (int i = 0; i < 3 * size; ++i)
            data.append(char(i + 1));
        const QByteArray header = QString(R"({"t":{"dtype":"%1","shape":[3],"data_offsets":[0,%2]}})")
                                      .arg(dtype)
                                      .arg(3 * size)
                                      .toUtf8();
        QTemporaryDir dir;
        const fs::path p = toPath(dir.filePath("u.safetensors"));
        QVERIFY(writeAll(p, stFile(header, data)));
        SafeTensorsFile file(p);
        QVERIFY(file.tensors()[0].dtype == safeDType);
        QCOMPARE(bytesOf(file, file.tensors()[0]), data);
        if (const auto type = torchTypeOf(safeDType)) {
            const torch::Tensor t = file.tensor("t");
            QVERIFY(t.scalar_type() == *type);
            QCOMPARE(bytesOf(t), data);
        } else {
            try {
                file.tensor("t");
                QFAIL("no error");
            } catch (const Error &e) {
                QVERIFY2(QString(e.what()).contains("dtype " + dtype + " has no LibTorch equivalent"), e.what());
            }
        }
    }

    // LibTorch assumes bools are 0 or 1; other bytes in a file become 1.
    void boolBytesAreNormalised()
    {
        QTemporaryDir dir;
        const fs::path p = toPath(dir.filePath("b.safetensors"));
        QVERIFY(writeAll(p, stFile(R"({"b":{"dtype":"BOOL","shape":[4],"data_offsets":[0,4]}})",
                                   QByteArray("\x00\x01\x07\xff", 4))));
        const torch::Tensor b = SafeTensorsFile(p).tensor("b");
        QCOMPARE(bytesOf(b), QByteArray("\x00\x01\x01\x01", 4));
        QCOMPARE(b.sum().item<std::int64_t>(), std::int64_t(3));
    }

    void unknownNameIsAnError()
    {
        const fs::path p = fixtures() / "w2v2_base_pretrain" / "model.safetensors";
        SafeTensorsFile file(p);
        QVERIFY(!file.contains("no.such.tensor"));
        QVERIFY(file.find("no.such.tensor") == nullptr);
        try {
            file.tensor("no.such.tensor");
            QFAIL("no error");
        } catch (const Error &e) {
            QVERIFY(QString(e.what()).contains(QString::fromStdString(p.string())));
            QVERIFY(QString(e.what()).contains("no.such.tensor"));
        }
        const SafeTensorsCheckpoint checkpoint(p);
        QVERIFY_THROWS_EXCEPTION(Error, checkpoint.tensor("no.such.tensor"));
        QVERIFY_THROWS_EXCEPTION(Error, checkpoint.info("no.such.tensor"));
        QVERIFY_THROWS_EXCEPTION(Error, SafeTensorsFile(fixtures() / "no-such-file.safetensors"));
        QVERIFY_THROWS_EXCEPTION(Error, SafeTensorsFile{fixtures()}); // a folder
    }

    void readsHuggingFaceFixtures_data()
    {
        QTest::addColumn<QString>("folder");
        QTest::addColumn<int>("expectedCount");
        QTest::newRow("w2v2_base_pretrain") << "w2v2_base_pretrain" << 54;
        QTest::newRow("w2v2_xlsr_ctc") << "w2v2_xlsr_ctc" << 56;
        QTest::newRow("xlmr_mlm") << "xlmr_mlm" << 43; // the tied decoder is not saved
    }

    // model.safetensors written by transformers' save_pretrained: names and shapes as
    // keys.txt lists them; our writer reproduces the file byte for byte.
    void readsHuggingFaceFixtures()
    {
        QFETCH(QString, folder);
        QFETCH(int, expectedCount);
        const fs::path dir = fixtures() / folder.toStdString();

        QFile keys(QString::fromStdString((dir / "keys.txt").string()));
        QVERIFY(keys.open(QIODevice::ReadOnly | QIODevice::Text));
        std::map<std::string, std::pair<SafeDType, std::vector<std::int64_t>>> expected;
        while (!keys.atEnd()) {
            const QString line = QString::fromUtf8(keys.readLine()).trimmed();
            if (line.isEmpty() || line.startsWith('#'))
                continue;
            const QStringList fields = line.split('\t');
            QCOMPARE(fields.size(), 5);
            if (fields[4] != "yes")
                continue;
            QVERIFY(fields[1] == "float32" || fields[1] == "int64");
            std::vector<std::int64_t> shape;
            const QString dims = fields[2].mid(1, fields[2].size() - 2);
            for (const QString &d : dims.split(',', Qt::SkipEmptyParts))
                shape.push_back(d.trimmed().toLongLong());
            expected[fields[0].toStdString()] = {fields[1] == "int64" ? SafeDType::I64 : SafeDType::F32, shape};
        }
        QCOMPARE(int(expected.size()), expectedCount);

        const SafeTensorsCheckpoint checkpoint(dir); // the folder
        QCOMPARE(checkpoint.metadata(), (std::map<std::string, std::string>{{"format", "pt"}}));
        std::vector<std::string> names;
        for (const auto &entry : expected)
            names.push_back(entry.first);
        QCOMPARE(checkpoint.names(), names);
        for (const auto &[name, dtypeAndShape] : expected) {
            const auto &[dtype, shape] = dtypeAndShape;
            QVERIFY(checkpoint.info(name).dtype == dtype);
            QCOMPARE(checkpoint.info(name).shape, shape);
            const torch::Tensor t = checkpoint.tensor(name);
            QCOMPARE(t.sizes().vec(), shape);
            QVERIFY(t.scalar_type() == (dtype == SafeDType::I64 ? torch::kInt64 : torch::kFloat32));
            QVERIFY(torch::isfinite(t).all().item<bool>());
        }

        const fs::path model = dir / "model.safetensors";
        SafeTensorsFile file(model);
        std::vector<NamedTensor> tensors;
        for (const SafeTensorInfo &info : file.tensors())
            tensors.push_back({info.name, file.tensor(info.name)});
        QTemporaryDir tmp;
        const fs::path copy = toPath(tmp.filePath("model.safetensors"));
        saveSafeTensors(copy, tensors, file.metadata());
        QCOMPARE(readAll(copy), readAll(model));
    }

    // expected.safetensors: every tensor manifest.txt lists, codevector_idx as int64.
    void readsFixtureOutputs()
    {
        const fs::path dir = fixtures() / "w2v2_base_pretrain";
        QFile manifest(QString::fromStdString((dir / "manifest.txt").string()));
        QVERIFY(manifest.open(QIODevice::ReadOnly | QIODevice::Text));
        std::map<std::string, std::pair<QString, std::vector<std::int64_t>>> expected;
        bool inSection = false;
        while (!manifest.atEnd()) {
            const QString line = QString::fromUtf8(manifest.readLine()).trimmed();
            if (line.startsWith("## ")) {
                inSection = line == "## expected.safetensors";
                continue;
            }
            const QStringList fields = line.split('\t');
            if (!inSection || fields.size() != 3)
                continue;
            std::vector<std::int64_t> shape;
            for (const QString &d : fields[2].mid(1, fields[2].size() - 2).split(',', Qt::SkipEmptyParts))
                shape.push_back(d.trimmed().toLongLong());
            expected[fields[0].toStdString()] = {fields[1], shape};
        }
        QCOMPARE(int(expected.size()), 12);

        const std::map<std::string, torch::Tensor> tensors = loadSafeTensors(dir / "expected.safetensors");
        QCOMPARE(tensors.size(), expected.size());
        for (const auto &[name, dtypeAndShape] : expected) {
            QVERIFY2(tensors.count(name), name.c_str());
            const torch::Tensor &t = tensors.at(name);
            QCOMPARE(t.sizes().vec(), dtypeAndShape.second);
            QVERIFY(t.scalar_type() == (dtypeAndShape.first == "int64" ? torch::kInt64 : torch::kFloat32));
        }
        const torch::Tensor idx = tensors.at("codevector_idx");
        QVERIFY(idx.scalar_type() == torch::kInt64);
        QCOMPARE(idx.sizes().vec(), (std::vector<std::int64_t>{2, 79, 2}));
        QVERIFY(idx.min().item<std::int64_t>() >= 0);
        QVERIFY(idx.max().item<std::int64_t>() < 8); // V = 8 codes per group
    }

    // A file written by the Python package (Rust core) reads with every dtype and bit.
    void readsFilesOfPythonSafetensors()
    {
        const QString python = pythonWithSafetensors();
        if (python.isEmpty())
            QSKIP("no Python with torch and safetensors (pip install safetensors into the project's venv)");
        QTemporaryDir dir;
        const QString path = dir.filePath("python.safetensors");
        const QString script = QString(kPythonDescribe) + R"(
from safetensors.torch import save_file
torch.manual_seed(0)
t = {"f32": torch.randn(3, 5), "f16": torch.randn(2, 3).half(), "bf16": torch.randn(7).bfloat16(),
     "f64": torch.randn(2, 2, 2).double(), "i64": torch.randint(-2**40, 2**40, (4,)),
     "i32": torch.randint(-2**31, 2**31 - 1, (3, 1), dtype=torch.int32),
     "i16": torch.randint(-2**15, 2**15 - 1, (5,), dtype=torch.int16),
     "i8": torch.randint(-128, 127, (6,), dtype=torch.int8),
     "u8": torch.randint(0, 255, (2, 4), dtype=torch.uint8), "bool": torch.rand(9) > 0.5,
     "scalar": torch.tensor(3.5), "empty": torch.zeros(0, 3), "name with ü": torch.ones(1)}
for n in ("uint16", "uint32", "uint64"):
    if hasattr(torch, n):
        t[n] = torch.tensor([0, 1, 1000, 65535]).to(getattr(torch, n))
for n in ("float8_e4m3fn", "float8_e5m2"):
    if hasattr(torch, n):
        t[n] = torch.randn(4).to(getattr(torch, n))
save_file(t, sys.argv[1], metadata={"format": "pt", "source": "python"})
print(json.dumps(describe(t)))
)";
        QJsonObject described;
        QString error;
        QVERIFY2(runPython(python, script, {path}, &described, &error), qPrintable(error));
        QVERIFY(described.size() >= 13);

        SafeTensorsFile file(toPath(path));
        QCOMPARE(file.metadata(), (std::map<std::string, std::string>{{"format", "pt"}, {"source", "python"}}));
        QCOMPARE(int(file.tensors().size()), described.size());
        for (auto it = described.begin(); it != described.end(); ++it) {
            const QJsonObject d = it.value().toObject();
            const SafeTensorInfo *info = file.find(it.key().toStdString());
            QVERIFY2(info, qPrintable(it.key()));
            QCOMPARE(QString::fromStdString(toString(info->dtype)), d["dtype"].toString());
            std::vector<std::int64_t> shape;
            for (const QJsonValue &v : d["shape"].toArray())
                shape.push_back(v.toInteger());
            QCOMPARE(info->shape, shape);
            const QByteArray bytes = QByteArray::fromHex(d["hex"].toString().toLatin1());
            QCOMPARE(bytesOf(file, *info), bytes);
            if (const auto type = torchTypeOf(info->dtype)) {
                const torch::Tensor t = file.tensor(info->name);
                QVERIFY(t.scalar_type() == *type);
                QCOMPARE(bytesOf(t), bytes);
            }
        }
    }

    // A file we write passes the Python package's (strict, Rust) validation, bit for bit.
    void writesFilesPythonSafetensorsReads()
    {
        const QString python = pythonWithSafetensors();
        if (python.isEmpty())
            QSKIP("no Python with torch and safetensors (pip install safetensors into the project's venv)");
        std::vector<NamedTensor> tensors;
        int seed = 1;
        for (int i = 0; i <= int(SafeDType::F8_E5M2); ++i) {
            if (const auto type = torchTypeOf(SafeDType(i)))
                tensors.push_back({toString(SafeDType(i)), randomTensor(*type, {3, seed % 4 + 1}, seed)});
            ++seed;
        }
        tensors.push_back({"scalar", torch::tensor(2.5)});
        tensors.push_back({"empty", torch::zeros({0, 4}, torch::kInt16)});
        tensors.push_back({"name with ü", torch::ones({1})});
        const std::map<std::string, std::string> metadata = {{"format", "pt"}, {"note", "ünï ✓"}};
        QTemporaryDir dir;
        const QString path = dir.filePath("ours.safetensors");
        saveSafeTensors(toPath(path), tensors, metadata);

        const QString script = QString(kPythonDescribe) + R"(
from safetensors import safe_open
from safetensors.torch import load_file
with safe_open(sys.argv[1], framework="pt") as f:
    metadata = f.metadata()
print(json.dumps({"metadata": metadata, "tensors": describe(load_file(sys.argv[1]))}))
)";
        QJsonObject result;
        QString error;
        QVERIFY2(runPython(python, script, {path}, &result, &error), qPrintable(error));
        const QJsonObject pyMetadata = result["metadata"].toObject();
        QCOMPARE(pyMetadata.size(), int(metadata.size()));
        for (const auto &[key, value] : metadata)
            QCOMPARE(pyMetadata[QString::fromStdString(key)].toString(), QString::fromStdString(value));
        const QJsonObject described = result["tensors"].toObject();
        QCOMPARE(described.size(), int(tensors.size()));
        for (const NamedTensor &t : tensors) {
            const QJsonObject d = described[QString::fromStdString(t.name)].toObject();
            QVERIFY2(!d.isEmpty(), t.name.c_str());
            std::vector<std::int64_t> shape;
            for (const QJsonValue &v : d["shape"].toArray())
                shape.push_back(v.toInteger());
            QCOMPARE(shape, t.tensor.sizes().vec());
            QCOMPARE(QByteArray::fromHex(d["hex"].toString().toLatin1()), bytesOf(t.tensor));
        }
    }

    void rejectsMalformedFiles_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QString>("reason");
        for (const MalformedFile &m : malformedFiles())
            QTest::newRow(m.name) << m.bytes << m.reason;
    }

    // Each is an Error naming the file and the specific problem.
    void rejectsMalformedFiles()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(QString, reason);
        QTemporaryDir dir;
        const fs::path p = toPath(dir.filePath("malformed.safetensors"));
        QVERIFY(writeAll(p, bytes));
        try {
            SafeTensorsFile file(p);
            QFAIL("no error");
        } catch (const Error &e) {
            const QString message = QString::fromUtf8(e.what());
            QVERIFY2(message.startsWith(QString::fromStdString(p.string()) + ": "), qPrintable(message));
            QVERIFY2(message.contains(reason), qPrintable(message));
        }
        QVERIFY_THROWS_EXCEPTION(Error, loadSafeTensors(p));
    }

    // Random bit flips, byte changes and truncations of valid and malformed files: only
    // fieldbench::Error, never a crash or another exception, whatever the bytes.
    void survivesCorruptedFiles()
    {
        QTemporaryDir dir;
        const fs::path valid = toPath(dir.filePath("valid.safetensors"));
        std::vector<NamedTensor> tensors;
        int seed = 100;
        for (int i = 0; i <= int(SafeDType::F8_E5M2); ++i) {
            if (const auto type = torchTypeOf(SafeDType(i)))
                tensors.push_back({"t." + toString(SafeDType(i)), randomTensor(*type, {2, 3}, seed++)});
        }
        tensors.push_back({"scalar", torch::tensor(1.0)});
        tensors.push_back({"empty", torch::zeros({0, 2})});
        saveSafeTensors(valid, tensors, {{"format", "pt"}});

        std::vector<QByteArray> seeds = {readAll(valid)};
        for (const MalformedFile &m : malformedFiles())
            seeds.push_back(m.bytes);

        std::mt19937 rng(20240613);
        auto uniform = [&rng](int n) { return n <= 0 ? 0 : int(rng() % unsigned(n)); };
        const QByteArray jsonChars = "{}[]\":,-.0123456789eE \\u";
        const fs::path p = toPath(dir.filePath("fuzzed.safetensors"));
        int rejected = 0, accepted = 0;
        for (int variant = 0; variant < 520; ++variant) {
            // 400 variants of the valid file, 120 of the malformed ones.
            QByteArray bytes = variant < 400 ? seeds[0] : seeds[1 + std::size_t(variant) % (seeds.size() - 1)];
            const quint64 headerLength = bytes.size() >= 8 ? qFromLittleEndian<quint64>(bytes.constData()) : 0;
            const int headerEnd = int(std::min<quint64>(quint64(bytes.size()), 8 + headerLength));
            const int edits = 1 + uniform(3);
            for (int e = 0; e < edits && !bytes.isEmpty(); ++e) {
                const int header = std::max(1, std::min(headerEnd, int(bytes.size())));
                switch (uniform(5)) {
                case 0: // flip a bit, mostly in the header
                    bytes[uniform(uniform(4) ? header : bytes.size())] ^= char(1 << uniform(8));
                    break;
                case 1: // a JSON-ish character in the header
                    bytes[uniform(header)] = jsonChars[uniform(jsonChars.size())];
                    break;
                case 2: // truncate
                    bytes.truncate(uniform(bytes.size()));
                    break;
                case 3: // header length off by a little, or anything
                    if (bytes.size() >= 8) {
                        const quint64 n = qFromLittleEndian<quint64>(bytes.constData());
                        const quint64 anything = quint64(rng()) << 32 | rng();
                        qToLittleEndian<quint64>(uniform(2) ? n + quint64(uniform(33)) - 16 : anything, bytes.data());
                    }
                    break;
                default: // a random byte anywhere
                    bytes[uniform(bytes.size())] = char(uniform(256));
                    break;
                }
            }
            QVERIFY(writeAll(p, bytes));
            try {
                SafeTensorsFile file(p);
                for (const SafeTensorInfo &info : file.tensors()) {
                    try {
                        const torch::Tensor t = file.tensor(info.name);
                        QCOMPARE(std::uint64_t(t.numel() * t.element_size()), info.end - info.begin);
                    } catch (const Error &) {
                        // a dtype without a LibTorch type
                    }
                }
                ++accepted;
            } catch (const Error &e) {
                QVERIFY2(QString(e.what()).contains(QString::fromStdString(p.string())), e.what());
                ++rejected;
            } catch (const std::exception &e) {
                QFAIL(qPrintable(QString("variant %1: %2: %3").arg(variant).arg(typeid(e).name(), e.what())));
            } catch (...) {
                QFAIL(qPrintable(QString("variant %1: unknown exception").arg(variant)));
            }
        }
        qInfo("%d corrupted variants rejected, %d still valid", rejected, accepted);
        QVERIFY(rejected > 300);
        QVERIFY(accepted > 0); // flips in the data section leave a valid file
    }

    void writerRejects_data()
    {
        QTest::addColumn<QString>("what");
        QTest::addColumn<QString>("reason");
        QTest::newRow("duplicate names") << "duplicate" << "duplicate tensor name 'w'";
        QTest::newRow("reserved name") << "reserved" << "reserved";
        QTest::newRow("complex dtype") << "complex" << "cannot be stored in safetensors";
        QTest::newRow("undefined tensor") << "undefined" << "undefined";
        QTest::newRow("invalid UTF-8 name") << "utf8" << "not valid UTF-8";
        QTest::newRow("meta tensor (fails while writing)") << "meta" << "cannot copy it to the CPU";
    }

    // An Error naming the file; the previous file stays as it was and no temporary is left.
    void writerRejects()
    {
        QFETCH(QString, what);
        QFETCH(QString, reason);
        std::vector<NamedTensor> tensors = {{"w", torch::ones({2})}};
        if (what == "duplicate")
            tensors.push_back({"w", torch::zeros({2})});
        else if (what == "reserved")
            tensors.push_back({"__metadata__", torch::zeros({2})});
        else if (what == "complex")
            tensors.push_back({"c", torch::zeros({2}, torch::kComplexFloat)});
        else if (what == "undefined")
            tensors.push_back({"u", torch::Tensor()});
        else if (what == "utf8")
            tensors.push_back({"bad\xff", torch::zeros({2})});
        else if (what == "meta")
            tensors.push_back({"m", torch::empty({2}, torch::TensorOptions().device(torch::kMeta))});

        QTemporaryDir dir;
        const fs::path p = toPath(dir.filePath("out.safetensors"));
        saveSafeTensors(p, {{"old", torch::ones({1})}});
        const QByteArray before = readAll(p);
        try {
            saveSafeTensors(p, tensors);
            QFAIL("no error");
        } catch (const Error &e) {
            const QString message = QString::fromUtf8(e.what());
            QVERIFY2(message.startsWith(QString::fromStdString(p.string()) + ": "), qPrintable(message));
            QVERIFY2(message.contains(reason), qPrintable(message));
        }
        QCOMPARE(readAll(p), before);
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden), QStringList{"out.safetensors"});
    }

    void readsShardedCheckpoint_data()
    {
        QTest::addColumn<bool>("throughIndexFile");
        QTest::newRow("folder") << false;
        QTest::newRow("index file") << true;
    }

    void readsShardedCheckpoint()
    {
        QFETCH(bool, throughIndexFile);
        QTemporaryDir dir;
        const fs::path folder = toPath(dir.path());
        const torch::Tensor a = torch::randn({3, 4}), b = torch::randn({4});
        const torch::Tensor c = torch::randint(-5, 5, {2, 2}, torch::kInt64);
        saveSafeTensors(folder / "model-00001-of-00002.safetensors", {{"a.weight", a}, {"b.bias", b}},
                        {{"format", "pt"}, {"shard", "1"}});
        saveSafeTensors(folder / "model-00002-of-00002.safetensors", {{"c.weight", c}},
                        {{"format", "pt"}, {"shard", "2"}});
        QVERIFY(writeAll(folder / "model.safetensors.index.json", R"({
  "metadata": {"total_size": 96},
  "weight_map": {
    "a.weight": "model-00001-of-00002.safetensors",
    "b.bias": "model-00001-of-00002.safetensors",
    "c.weight": "model-00002-of-00002.safetensors"
  }
})"));
        const fs::path path = throughIndexFile ? folder / "model.safetensors.index.json" : folder;

        const SafeTensorsCheckpoint checkpoint(path);
        QCOMPARE(checkpoint.names(), (std::vector<std::string>{"a.weight", "b.bias", "c.weight"}));
        QVERIFY(checkpoint.contains("c.weight"));
        QVERIFY(!checkpoint.contains("d.weight"));
        QCOMPARE(checkpoint.metadata().at("shard"), std::string("1"));
        QVERIFY(checkpoint.info("c.weight").dtype == SafeDType::I64);
        QVERIFY(torch::equal(checkpoint.tensor("a.weight"), a));
        QVERIFY(torch::equal(checkpoint.tensor("c.weight"), c));

        const std::map<std::string, torch::Tensor> all = loadSafeTensors(path);
        QCOMPARE(int(all.size()), 3);
        QVERIFY(torch::equal(all.at("b.bias"), b));
        QVERIFY(torch::equal(all.at("c.weight"), c));
    }

    void rejectsBadCheckpoints_data()
    {
        QTest::addColumn<QByteArray>("index");
        QTest::addColumn<QString>("reason");
        // No raw strings ending in a quote in this class: Qt 6.4's moc misreads them and
        // generates nothing.
        const QByteArray shard = "model-00001-of-00001.safetensors";
        QTest::newRow("tensor missing from its shard")
            << "{\"weight_map\":{\"a\":\"" + shard + "\",\"missing.weight\":\"" + shard + "\"}}"
            << "puts tensor 'missing.weight' in model-00001-of-00001.safetensors, but that file has no such tensor";
        QTest::newRow("missing shard") << QByteArray(R"({"weight_map":{"a":"model-00009.safetensors"}})")
                                       << "cannot open";
        QTest::newRow("shard outside the folder") << QByteArray(R"({"weight_map":{"a":"../x.safetensors"}})")
                                                  << "not a file in the checkpoint folder";
        QTest::newRow("absolute shard path") << QByteArray(R"({"weight_map":{"a":"/etc/passwd"}})")
                                             << "not a file in the checkpoint folder";
        QTest::newRow("no weight_map") << QByteArray(R"({"metadata":{}})") << "no \"weight_map\"";
        QTest::newRow("shard not a string") << QByteArray(R"({"weight_map":{"a":1}})") << "not a file name";
        QTest::newRow("duplicate entry") << "{\"weight_map\":{\"a\":\"" + shard + "\",\"a\":\"" + shard + "\"}}"
                                         << "duplicate key 'a'";
        QTest::newRow("invalid JSON") << QByteArray(R"({"weight_map":)") << "invalid JSON";
        QTest::newRow("empty folder") << QByteArray() << "neither model.safetensors nor";
    }

    void rejectsBadCheckpoints()
    {
        QFETCH(QByteArray, index);
        QFETCH(QString, reason);
        QTemporaryDir dir;
        const fs::path folder = toPath(dir.path());
        if (!index.isEmpty()) {
            saveSafeTensors(folder / "model-00001-of-00001.safetensors", {{"a", torch::ones({1})}});
            QVERIFY(writeAll(folder / "model.safetensors.index.json", index));
        }
        try {
            SafeTensorsCheckpoint checkpoint(folder);
            QFAIL("no error");
        } catch (const Error &e) {
            const QString message = QString::fromUtf8(e.what());
            QVERIFY2(message.startsWith(QString::fromStdString(folder.string())), qPrintable(message));
            QVERIFY2(message.contains(reason), qPrintable(message));
        }
        QVERIFY_THROWS_EXCEPTION(Error, loadSafeTensors(folder));
    }
};

QTEST_GUILESS_MAIN(TestSafeTensors)
#include "test_safetensors.moc"
