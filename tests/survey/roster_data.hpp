#pragma once
// A made-up roster of the demo county's 11 townships (6 key), as county offices write one: five
// villages a township (脱贫村, 非贫困村 and 贫困村 mixed), thirty households a village with valid
// ID numbers; the first village of each township is short of 贫困户 (two instead of eight).
#include <string>
#include <vector>

namespace duban::testing {

/// A valid 18-character ID number (GB 11643 check character) for serial `n`.
inline std::string test_id_number(int n) {
  std::string id = "5201011980" + std::string(4 - std::to_string(n % 10000).size(), '0') +
                   std::to_string(n % 10000) + std::to_string(100 + n / 10000).substr(0, 3);
  static const int w[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
  static const char check[11] = {'1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'};
  int sum = 0;
  for (int i = 0; i < 17; ++i) sum += (id[i] - '0') * w[i];
  return id + check[sum % 11];
}

struct TestRoster {
  std::string villages_csv, households_csv;
  std::vector<std::string> id_numbers;  ///< every full ID number in the households file
  int edge = 0, monitored = 0;
};

inline TestRoster test_roster() {
  static const char* townships[] = {"龙潭镇", "新民乡", "石门镇", "东岭乡", "白沙乡", "青山镇",
                                    "城关镇", "柳林乡", "西河镇", "双河乡", "红岩镇"};
  static const char* ids[] = {"longtan",   "xinmin", "shimen", "dongling", "baisha", "qingshan",
                              "chengguan", "liulin", "xihe",   "shuanghe", "hongyan"};
  static const char* names[] = {"一村", "二村", "三村", "四村", "五村"};
  static const char* kinds[] = {"脱贫村", "非贫困村", "贫困村", "脱贫村", "非贫困村"};
  static const char* tags[] = {"", "危房", "大病;低保", "", "五保、残疾", "", "", "低保"};
  TestRoster r;
  r.villages_csv = "乡镇,村,村类型,人口数,贫困人口数\n";
  r.households_csv = "户编号,乡镇,村,户主姓名,身份证号,人口数,户类型,边缘户,监测户,标签\n";
  int serial = 0;
  for (int t = 0; t < 11; ++t) {
    for (int v = 0; v < 5; ++v) {
      r.villages_csv += std::string(townships[t]) + "," + names[v] + "," + kinds[v] + "," +
                        std::to_string(900 + 10 * v) + "," + std::to_string(v) + "\n";
      const int poor = v == 0 ? 2 : 8;
      for (int h = 0; h < 30; ++h) {
        ++serial;
        const char* kind = h < poor ? "贫困户" : h < 18 ? "脱贫户" : "非建档立卡户";
        const bool edge = serial % 7 == 0, monitored = serial % 11 == 0;
        r.edge += edge;
        r.monitored += monitored;
        auto id = test_id_number(serial);
        r.id_numbers.push_back(id);
        char number[32];
        std::snprintf(number, sizeof number, "%s-%d-%02d", ids[t], v + 1, h + 1);
        r.households_csv += std::string(number) + "," + (t % 2 ? ids[t] : townships[t]) + "," +
                            names[v] + ",户主" + std::to_string(serial) + "," + id + "," +
                            std::to_string(1 + h % 5) + "," + kind + "," + (edge ? "是" : "否") +
                            "," + (monitored ? "是" : "") + "," + tags[h % 8] + "\n";
      }
    }
  }
  return r;
}

}  // namespace duban::testing
