package ru.visitflow.sandbox;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * The demo portal, the same on every fresh start (fixed random seed): users 1–4 as in
 * Visitflow's demo team (1 head of sales and webhook owner, 2 and 3 reps, 4 admin) and a
 * few more; 300 companies in Moscow (ids 1–150) and Yekaterinburg (151–300) on real
 * streets, each with one requisite and one physical address (TYPE_ID 1), coordinates in
 * the company's {@code UF_CRM_COORDINATES} ("lat,lon"), phones, e-mails, and a contact or
 * two for about a third. Companies 101–106 and 201–206 carry the titles of Visitflow's
 * demo visits. No visit items: Visitflow creates them.
 */
final class SandboxSeed {

	/**
	 * The values of the Visit item's type field on the demo portal (a string field: a
	 * portal may hold any code), with the name shown on the board and the duration a new
	 * item gets.
	 */
	static final List<VisitType> VISIT_TYPES = List.of(new VisitType("meeting", "Встреча", 60),
			new VisitType("merchandising", "Проверка мерчандайзинга", 45),
			new VisitType("training", "Обучение персонала", 120), new VisitType("negotiation", "Переговоры", 90));

	/** The name Bitrix24 gives a calendar event created without one. */
	static final String DEFAULT_EVENT_NAME = "Новое событие";

	/** The name of a requisite created with a company's address in its card. */
	static final String DEFAULT_REQUISITE_NAME = "Организация";

	/**
	 * The Visit smart process's title, pipelines, stage names and field titles on the
	 * demo portal.
	 */
	static final String PROCESS_TITLE = "Визит";

	static final String VISIT_PIPELINE = "Визиты";

	static final String EVENT_PIPELINE = "Выездные мероприятия";

	/**
	 * Stage names of the Visit pipeline, in board order (draft, in work, repeat, overdue,
	 * done, failed, cancelled).
	 */
	static final List<String> VISIT_STAGE_NAMES = List.of("Черновик", "Взял в работу", "Повторные визиты", "Просрочено",
			"Завершён", "Провален", "Отменён");

	/** Stage names of the second pipeline: new, preparation, done, failed. */
	static final List<String> EVENT_STAGE_NAMES = List.of("Новое", "Подготовка", "Проведено", "Не состоялось");

	/**
	 * Titles of the item's fields, by field name; the user fields by role (plannedStart,
	 * visitType, durationMinutes).
	 */
	static final Map<String, String> FIELD_TITLES = Map.ofEntries(Map.entry("id", "ID"),
			Map.entry("xmlId", "Внешний код"), Map.entry("title", "Название"), Map.entry("createdBy", "Кем создан"),
			Map.entry("updatedBy", "Кем изменён"), Map.entry("movedBy", "Кем изменена стадия"),
			Map.entry("createdTime", "Когда создан"), Map.entry("updatedTime", "Когда изменён"),
			Map.entry("movedTime", "Когда изменена стадия"), Map.entry("categoryId", "Воронка"),
			Map.entry("opened", "Доступен для всех"), Map.entry("stageId", "Стадия"),
			Map.entry("previousStageId", "Предыдущая стадия"), Map.entry("stageSemanticId", "Группа стадии"),
			Map.entry("begindate", "Дата начала"), Map.entry("closedate", "Дата завершения"),
			Map.entry("companyId", "Компания"), Map.entry("contactId", "Контакт"), Map.entry("opportunity", "Сумма"),
			Map.entry("isManualOpportunity", "Сумма заполняется вручную"), Map.entry("taxValue", "Сумма налога"),
			Map.entry("currencyId", "Валюта"), Map.entry("mycompanyId", "Реквизиты вашей компании"),
			Map.entry("sourceId", "Источник"), Map.entry("sourceDescription", "Дополнительно об источнике"),
			Map.entry("assignedById", "Ответственный"), Map.entry("lastActivityBy", "Автор последней активности"),
			Map.entry("lastActivityTime", "Последняя активность"), Map.entry("plannedStart", "Дата и время визита"),
			Map.entry("visitType", "Тип визита"), Map.entry("durationMinutes", "Длительность визита, мин"),
			Map.entry("contactIds", "Контакты"), Map.entry("observers", "Наблюдатели"),
			Map.entry("entityTypeId", "Тип сущности"));

	private static final long SEED = 20_241_201L;

	private static final ZoneId MOSCOW = ZoneId.of("Europe/Moscow");

	private static final ZoneId YEKATERINBURG = ZoneId.of("Asia/Yekaterinburg");

	private static final LocalDate BASE_DATE = LocalDate.of(2023, 3, 1);

	private static final List<String> DEMO_TITLES = List.of("ООО «Ромашка»", "ИП Кузнецов, магазин «У дома»",
			"Сеть аптек «Здоровье»", "ТЦ «Галерея»", "ООО «Продукты 24»", "Кафе «Встреча»");

	/** Street, postal code, latitude, longitude. */
	private static final Object[][] MOSCOW_STREETS = { { "ул. Тверская", "125009", 55.7650, 37.6050 },
			{ "ул. Арбат", "119002", 55.7500, 37.5920 }, { "Ленинский пр-т", "119071", 55.7050, 37.5750 },
			{ "ул. Профсоюзная", "117292", 55.6750, 37.5550 }, { "ул. Новый Арбат", "121099", 55.7520, 37.5850 },
			{ "Кутузовский пр-т", "121165", 55.7420, 37.5350 }, { "ул. Большая Дмитровка", "125009", 55.7630, 37.6140 },
			{ "ул. Мясницкая", "101000", 55.7640, 37.6370 }, { "ул. Покровка", "105062", 55.7590, 37.6460 },
			{ "ул. Пятницкая", "115035", 55.7400, 37.6280 }, { "ул. Люсиновская", "115093", 55.7260, 37.6230 },
			{ "Варшавское ш.", "117105", 55.6650, 37.6220 }, { "Дмитровское ш.", "127434", 55.8300, 37.5700 },
			{ "Ленинградский пр-т", "125040", 55.7900, 37.5400 }, { "пр-т Мира", "129090", 55.7950, 37.6350 },
			{ "ул. Бутырская", "127015", 55.7950, 37.5850 }, { "Нахимовский пр-т", "117218", 55.6800, 37.5900 },
			{ "ул. Вавилова", "117312", 55.6950, 37.5650 }, { "Каширское ш.", "115230", 55.6550, 37.6750 },
			{ "Рязанский пр-т", "109428", 55.7200, 37.7700 }, { "ул. Маросейка", "101000", 55.7570, 37.6370 },
			{ "ул. Сретенка", "107045", 55.7680, 37.6320 }, { "ул. Большая Ордынка", "119017", 55.7390, 37.6240 },
			{ "Щёлковское ш.", "105122", 55.8100, 37.7800 } };

	private static final Object[][] YEKATERINBURG_STREETS = { { "ул. Малышева", "620014", 56.8350, 60.6000 },
			{ "пр-т Ленина", "620075", 56.8390, 60.6100 }, { "ул. 8 Марта", "620144", 56.8250, 60.6050 },
			{ "ул. Вайнера", "620014", 56.8330, 60.5990 }, { "ул. Куйбышева", "620026", 56.8270, 60.6150 },
			{ "ул. Белинского", "620026", 56.8200, 60.6150 }, { "ул. Свердлова", "620027", 56.8520, 60.6050 },
			{ "ул. Челюскинцев", "620027", 56.8500, 60.5950 }, { "ул. Радищева", "620014", 56.8310, 60.5900 },
			{ "ул. Луначарского", "620075", 56.8420, 60.6250 }, { "ул. Мамина-Сибиряка", "620075", 56.8450, 60.6150 },
			{ "ул. Шейнкмана", "620014", 56.8300, 60.5950 }, { "ул. Фрунзе", "620144", 56.8150, 60.6050 },
			{ "ул. Щорса", "620144", 56.8100, 60.6100 }, { "ул. Посадская", "620102", 56.8150, 60.5700 },
			{ "ул. Бардина", "620149", 56.8000, 60.5500 }, { "ул. Амундсена", "620016", 56.8050, 60.5600 },
			{ "ул. Старых Большевиков", "620135", 56.8800, 60.6200 },
			{ "пр-т Космонавтов", "620017", 56.8850, 60.6100 }, { "ул. Декабристов", "620026", 56.8250, 60.6150 },
			{ "ул. Сакко и Ванцетти", "620014", 56.8380, 60.5950 }, { "ул. Толмачёва", "620075", 56.8420, 60.5980 } };

	private static final String[] FIRM_WORDS = { "Вектор", "Альфа-Трейд", "Меридиан", "Спектр", "Оптима", "Восход",
			"Прогресс", "Континент", "Гранит", "Северный путь", "Байкал", "Урал-Снаб", "Торговый альянс", "Промресурс",
			"Стройкомплект", "ТехноМир", "Глобус", "Палитра", "Горизонт", "Арсенал", "Родник", "Вершина", "Сигма",
			"Атлант", "Лотос", "Кристалл", "Эталон", "Феникс", "Импульс", "Квадрат", "ПродТорг", "Фрегат", "Олимп",
			"Мегаполис", "Пульсар", "Снежана", "Сибирский торговый дом", "Волга-Продукт", "Фортуна", "Радуга" };

	private static final String[] SHOP_WORDS = { "У дома", "Семейный", "Магнолия", "Весна", "Колосок", "Берёзка",
			"Калинка", "Ассорти", "Солнечный", "Хозяюшка", "Добрый", "Ладушки", "Гастроном на углу", "Васильки",
			"Рябинка", "Пятачок", "Каравай", "Кладовая", "Уголок", "Продукты у Михалыча" };

	private static final String[] PHARMACY_WORDS = { "Здоровье", "Будь здоров", "Фарма Плюс", "Панацея",
			"Доктор Айболит", "Зелёная аптека", "Витамин", "Аптечный двор", "Фармация", "Ваш доктор", "Подорожник",
			"Алоэ" };

	private static final String[] CAFE_WORDS = { "Встреча", "Уют", "Пельменная №1", "Блинный двор", "Старый город",
			"Уральские пельмени", "Самовар", "Вкусно", "Дружба", "Гриль Хаус", "Печки-Лавочки", "Хачапурная",
			"Вареничная", "Столовая №7" };

	private static final String[] COFFEE_WORDS = { "Зерно", "Бариста", "Кофе Тайм", "Капучино", "Арабика",
			"Эспрессо бар", "Кофейная гуща", "Утро" };

	private static final String[] SURNAMES = { "Кузнецов", "Попов", "Васильев", "Соколов", "Михайлов", "Новиков",
			"Фёдоров", "Морозов", "Волков", "Алексеев", "Лебедев", "Семёнов", "Егоров", "Павлов", "Козлов", "Степанов",
			"Николаев", "Орлов", "Андреев", "Макаров", "Никитин", "Захаров", "Зайцев", "Соловьёв", "Борисов", "Яковлев",
			"Григорьев", "Романов", "Воробьёв", "Сергеев", "Белов", "Тарасов", "Беляев", "Комаров", "Киселёв" };

	private static final String[] MALE_NAMES = { "Александр", "Андрей", "Владимир", "Дмитрий", "Евгений", "Игорь",
			"Константин", "Михаил", "Николай", "Олег", "Роман", "Сергей", "Юрий", "Артём", "Вадим" };

	private static final String[] FEMALE_NAMES = { "Анна", "Екатерина", "Елена", "Ирина", "Марина", "Наталья", "Ольга",
			"Светлана", "Татьяна", "Юлия", "Виктория", "Ксения", "Людмила", "Галина" };

	private static final String[] PATRONYMIC_ROOTS = { "Александров", "Андреев", "Викторов", "Дмитриев", "Иванов",
			"Михайлов", "Николаев", "Петров", "Сергеев", "Юрьев", "Владимиров", "Олегов" };

	private static final String[] POSTS = { "Директор", "Управляющий", "Заведующий аптекой", "Товаровед",
			"Менеджер по закупкам", "Администратор", "Категорийный менеджер", "Владелец" };

	private static final String INITIALS = "АБВГДЕИКЛМНОПРСТ";

	private final Random random = new Random(SEED);

	/** The company user fields the seed fills; null in an empty portal. */
	private SandboxProperties.CompanyUserFields companyFields;

	private final PortalState state = new PortalState();

	private final Set<String> titles = new HashSet<>(DEMO_TITLES);

	private SandboxSeed() {
	}

	/** The full demo portal with the default company user fields. */
	static PortalState demo() {
		return demo(SandboxProperties.CompanyUserFields.defaults());
	}

	/**
	 * The full demo portal, its companies' user fields filled as {@code fields} names
	 * them.
	 */
	static PortalState demo(SandboxProperties.CompanyUserFields fields) {
		SandboxSeed seed = new SandboxSeed();
		seed.companyFields = fields;
		seed.users();
		for (long id = 1; id <= 300; id++) {
			seed.company(id);
		}
		seed.integrationUser();
		return seed.state;
	}

	/** A portal with nothing but an administrator and the integration's own user. */
	static PortalState empty() {
		SandboxSeed seed = new SandboxSeed();
		seed.user(1, "Администратор", "", "", "M", "Администратор портала", List.of(1), MOSCOW, "admin@example.ru");
		seed.integrationUser();
		return seed.state;
	}

	/**
	 * The inbound webhook's owner: a user of its own, as the README asks of a real
	 * portal, so no person's card move is ever Visitflow's own write. Added to a portal
	 * kept from before it existed.
	 */
	static void ensureIntegrationUser(PortalState state) {
		boolean present = state.users.stream()
			.anyMatch((user) -> String.valueOf(SandboxPortal.WEBHOOK_USER).equals(user.get("ID")));
		if (!present) {
			SandboxSeed seed = new SandboxSeed();
			seed.integrationUser();
			state.users.addAll(seed.state.users);
		}
	}

	private void integrationUser() {
		user(SandboxPortal.WEBHOOK_USER, "Visitflow", "(интеграция)", "", "M", "Технический пользователь интеграции",
				List.of(1), MOSCOW, "visitflow-integration@visitflow-demo.ru");
	}

	private void users() {
		user(1, "Ирина", "Соколова", "Викторовна", "F", "Руководитель отдела продаж", List.of(1), MOSCOW,
				"i.sokolova@visitflow-demo.ru");
		user(2, "Алексей", "Петров", "Сергеевич", "M", "Торговый представитель", List.of(2), MOSCOW,
				"a.petrov@visitflow-demo.ru");
		user(3, "Мария", "Иванова", "Андреевна", "F", "Торговый представитель", List.of(3), YEKATERINBURG,
				"m.ivanova@visitflow-demo.ru");
		user(4, "Администратор", "", "", "M", "Администратор портала", List.of(1), MOSCOW, "admin@visitflow-demo.ru");
		user(5, "Дмитрий", "Смирнов", "Олегович", "M", "Торговый представитель", List.of(2), MOSCOW,
				"d.smirnov@visitflow-demo.ru");
		user(6, "Елена", "Кузнецова", "Игоревна", "F", "Торговый представитель", List.of(3), YEKATERINBURG,
				"e.kuznetsova@visitflow-demo.ru");
		user(7, "Сергей", "Волков", "Николаевич", "M", "Руководитель группы продаж, Екатеринбург", List.of(3),
				YEKATERINBURG, "s.volkov@visitflow-demo.ru");
		user(8, "Ольга", "Морозова", "Павловна", "F", "Торговый представитель", List.of(2), MOSCOW,
				"o.morozova@visitflow-demo.ru");
		user(9, "Павел", "Новиков", "Юрьевич", "M", "Менеджер по ключевым клиентам", List.of(2), MOSCOW,
				"p.novikov@visitflow-demo.ru");
	}

	private void user(long id, String name, String lastName, String secondName, String gender, String position,
			List<Integer> departments, ZoneId zone, String email) {
		Map<String, Object> user = new LinkedHashMap<>();
		Instant registered = BASE_DATE.minusDays(200 - id * 7).atTime(9, 0).atZone(MOSCOW).toInstant();
		user.put("ID", String.valueOf(id));
		user.put("XML_ID", null);
		user.put("ACTIVE", true);
		user.put("NAME", name);
		user.put("LAST_NAME", lastName);
		user.put("SECOND_NAME", secondName);
		user.put("EMAIL", email);
		user.put("LAST_LOGIN", SandboxTime.iso(Instant.parse("2026-01-12T06:30:00Z").plusSeconds(id * 3_600)));
		user.put("DATE_REGISTER", SandboxTime.iso(registered));
		user.put("TIME_ZONE", zone.getId());
		user.put("IS_ONLINE", "N");
		user.put("TIMESTAMP_X", SandboxTime.russian(registered, MOSCOW));
		user.put("LAST_ACTIVITY_DATE", "2026-01-12 " + String.format(Locale.ROOT, "%02d", 9 + id) + ":15:00");
		user.put("PERSONAL_GENDER", gender);
		user.put("PERSONAL_BIRTHDAY", "");
		user.put("PERSONAL_MOBILE", mobile());
		user.put("WORK_PHONE", "");
		user.put("WORK_POSITION", position);
		user.put("UF_EMPLOYMENT_DATE", "");
		user.put("UF_DEPARTMENT", new ArrayList<>(departments));
		user.put("USER_TYPE", "employee");
		this.state.users.add(user);
	}

	private void company(long id) {
		boolean moscow = id <= 150;
		Object[][] streets = moscow ? MOSCOW_STREETS : YEKATERINBURG_STREETS;
		Object[] street = streets[this.random.nextInt(streets.length)];
		String title;
		boolean entrepreneur;
		String slug;
		if ((id >= 101 && id <= 106) || (id >= 201 && id <= 206)) {
			title = DEMO_TITLES.get((int) (id % 100) - 1);
			entrepreneur = title.startsWith("ИП");
			slug = translit(title.replaceAll(".*«|».*", "")) + (moscow ? "-msk" : "-ekb");
		}
		else {
			String[] generated = title();
			title = generated[0];
			slug = generated[1];
			entrepreneur = title.startsWith("ИП");
		}
		long[] reps = moscow ? new long[] { 2, 5, 8 } : new long[] { 3, 6 };
		long assigned = (id >= 101 && id <= 106) ? 2
				: (id >= 201 && id <= 206) ? 3 : reps[this.random.nextInt(reps.length)];
		Instant created = BASE_DATE.plusDays(this.random.nextInt(700))
			.atTime(9 + this.random.nextInt(9), this.random.nextInt(60))
			.atZone(MOSCOW)
			.toInstant();
		Instant modified = created.plusSeconds(86_400L * this.random.nextInt(60) + this.random.nextInt(36_000));
		String phone = moscow ? "+7 495 " + digits(3) + "-" + digits(2) + "-" + digits(2)
				: "+7 343 " + digits(3) + "-" + digits(2) + "-" + digits(2);
		double latitude = (double) street[2] + (this.random.nextDouble() - 0.5) * 0.008;
		double longitude = (double) street[3] + (this.random.nextDouble() - 0.5) * 0.014;
		Map<String, Object> company = new LinkedHashMap<>();
		company.put("ID", String.valueOf(id));
		company.put("COMPANY_TYPE", "CUSTOMER");
		company.put("TITLE", title);
		company.put("LOGO", null);
		company.put("LEAD_ID", null);
		company.put("HAS_PHONE", "Y");
		company.put("HAS_EMAIL", "Y");
		company.put("HAS_IMOL", "N");
		company.put("ASSIGNED_BY_ID", String.valueOf(assigned));
		company.put("CREATED_BY_ID", "1");
		company.put("MODIFY_BY_ID", String.valueOf(assigned));
		company.put("BANKING_DETAILS", null);
		company.put("INDUSTRY", "RETAIL");
		company.put("REVENUE", String.valueOf(100_000 * (1 + this.random.nextInt(400))));
		company.put("CURRENCY_ID", "RUB");
		company.put("EMPLOYEES", entrepreneur ? "EMPLOYEES_1" : "EMPLOYEES_" + (1 + this.random.nextInt(3)));
		company.put("COMMENTS", "");
		company.put("DATE_CREATE", SandboxTime.iso(created));
		company.put("DATE_MODIFY", SandboxTime.iso(modified));
		company.put("OPENED", "Y");
		company.put("IS_MY_COMPANY", "N");
		company.put("ORIGINATOR_ID", null);
		company.put("ORIGIN_ID", null);
		company.put("ORIGIN_VERSION", null);
		for (String field : LegacyEntity.COMPANY_DEPRECATED_ADDRESS) {
			company.put(field, null);
		}
		company.put("UTM_SOURCE", null);
		company.put("UTM_MEDIUM", null);
		company.put("UTM_CAMPAIGN", null);
		company.put("UTM_CONTENT", null);
		company.put("UTM_TERM", null);
		company.put("LAST_ACTIVITY_BY", String.valueOf(assigned));
		company.put("LAST_ACTIVITY_TIME", SandboxTime.iso(modified));
		company.put("LAST_COMMUNICATION_TIME", null);
		companyUserFields(company, id, latitude, longitude);
		List<Map<String, Object>> phones = new ArrayList<>();
		phones.add(multiField("PHONE", "WORK", phone));
		if (this.random.nextInt(4) == 0) {
			phones.add(multiField("PHONE", "MOBILE", mobile()));
		}
		company.put("PHONE", phones);
		String email = entrepreneur ? slug + "@mail.ru" : "info@" + slug + ".ru";
		company.put("EMAIL", new ArrayList<>(List.of(multiField("EMAIL", "WORK", email))));
		this.state.companies.put(id, company);
		this.state.lastCompanyId = id;
		requisite(id, title, entrepreneur, moscow, street, created);
		if (this.random.nextInt(3) == 0) {
			int count = 1 + this.random.nextInt(2);
			for (int i = 0; i < count; i++) {
				contact(id, assigned, moscow, slug, created);
			}
		}
	}

	private String[] title() {
		while (true) {
			int kind = this.random.nextInt(100);
			String title;
			String slug;
			if (kind < 28) {
				String word = pick(FIRM_WORDS);
				title = "ООО «" + word + "»";
				slug = translit(word);
			}
			else if (kind < 34) {
				String word = pick(FIRM_WORDS);
				title = "АО «" + word + "»";
				slug = translit(word);
			}
			else if (kind < 40) {
				String word = pick(FIRM_WORDS);
				title = "ООО «" + word + "-Дистрибуция»";
				slug = translit(word) + "-distr";
			}
			else if (kind < 52) {
				String surname = pick(SURNAMES) + (this.random.nextBoolean() ? "а" : "");
				char first = initial();
				String person = surname + " " + first + ". " + initial() + ".";
				title = (this.random.nextBoolean()) ? "ИП " + person
						: "ИП " + person + ", магазин «" + pick(SHOP_WORDS) + "»";
				slug = translit(surname) + "." + translit(String.valueOf(first));
			}
			else if (kind < 64) {
				String word = pick(SHOP_WORDS);
				title = "Магазин «" + word + "»";
				slug = translit(word);
			}
			else if (kind < 70) {
				String word = pick(SHOP_WORDS);
				title = "Супермаркет «" + word + "»";
				slug = translit(word) + "-market";
			}
			else if (kind < 80) {
				String word = pick(PHARMACY_WORDS);
				title = "Аптека «" + word + "»";
				slug = "apteka-" + translit(word);
			}
			else if (kind < 88) {
				String word = pick(CAFE_WORDS);
				title = "Кафе «" + word + "»";
				slug = "cafe-" + translit(word);
			}
			else if (kind < 94) {
				String word = pick(COFFEE_WORDS);
				title = "Кофейня «" + word + "»";
				slug = "coffee-" + translit(word);
			}
			else {
				String word = pick(SHOP_WORDS);
				title = "Сеть магазинов «" + word + "»";
				slug = translit(word) + "-set";
			}
			if (this.titles.add(title)) {
				return new String[] { title, slug };
			}
		}
	}

	private void requisite(long companyId, String title, boolean entrepreneur, boolean moscow, Object[] street,
			Instant created) {
		long id = ++this.state.lastRequisiteId;
		String region = moscow ? "77" : "66";
		Map<String, Object> requisite = new LinkedHashMap<>();
		requisite.put("ID", String.valueOf(id));
		requisite.put("ENTITY_TYPE_ID", "4");
		requisite.put("ENTITY_ID", String.valueOf(companyId));
		requisite.put("PRESET_ID", entrepreneur ? "2" : "1");
		requisite.put("DATE_CREATE", SandboxTime.iso(created));
		requisite.put("DATE_MODIFY", null);
		requisite.put("CREATED_BY_ID", "1");
		requisite.put("MODIFY_BY_ID", null);
		requisite.put("NAME", entrepreneur ? "ИП" : "Организация");
		requisite.put("CODE", null);
		requisite.put("XML_ID", null);
		requisite.put("ORIGINATOR_ID", null);
		requisite.put("ACTIVE", "Y");
		requisite.put("ADDRESS_ONLY", "N");
		requisite.put("SORT", "500");
		requisite.put("RQ_COMPANY_NAME", title);
		requisite.put("RQ_INN", region + digits(entrepreneur ? 10 : 8));
		requisite.put("RQ_KPP", entrepreneur ? null : region + digits(2) + "01001");
		requisite.put("RQ_OGRN", entrepreneur ? null : "1" + region + digits(10));
		requisite.put("RQ_OGRNIP", entrepreneur ? "3" + region + digits(12) : null);
		this.state.requisites.put(id, requisite);
		Map<String, Object> address = new LinkedHashMap<>();
		address.put("TYPE_ID", "1");
		address.put("ENTITY_TYPE_ID", "8");
		address.put("ENTITY_ID", String.valueOf(id));
		address.put("ADDRESS_1", street[0] + ", " + (1 + this.random.nextInt(120))
				+ ((this.random.nextInt(4) == 0) ? ", стр. " + (1 + this.random.nextInt(3)) : ""));
		int extra = this.random.nextInt(3);
		address.put("ADDRESS_2", (extra == 0) ? "офис " + (100 + this.random.nextInt(400))
				: (extra == 1) ? "пом. " + (1 + this.random.nextInt(12)) : null);
		address.put("CITY", moscow ? "Москва" : "Екатеринбург");
		address.put("POSTAL_CODE", street[1]);
		address.put("REGION", moscow ? "Москва" : "Свердловская область");
		address.put("PROVINCE", moscow ? "Москва" : "Свердловская область");
		address.put("COUNTRY", "Россия");
		address.put("COUNTRY_CODE", "RU");
		address.put("LOC_ADDR_ID", String.valueOf(++this.state.lastLocationId));
		address.put("ANCHOR_TYPE_ID", "4");
		address.put("ANCHOR_ID", String.valueOf(companyId));
		this.state.addresses.add(address);
	}

	private void contact(long companyId, long assigned, boolean moscow, String slug, Instant created) {
		long id = ++this.state.lastContactId;
		boolean female = this.random.nextBoolean();
		String surname = pick(SURNAMES) + (female ? "а" : "");
		String name = female ? pick(FEMALE_NAMES) : pick(MALE_NAMES);
		String patronymic = pick(PATRONYMIC_ROOTS) + (female ? "на" : "ич");
		Map<String, Object> contact = new LinkedHashMap<>();
		contact.put("ID", String.valueOf(id));
		contact.put("POST", pick(POSTS));
		contact.put("COMMENTS", "");
		contact.put("HONORIFIC", null);
		contact.put("NAME", name);
		contact.put("SECOND_NAME", patronymic);
		contact.put("LAST_NAME", surname);
		contact.put("PHOTO", null);
		contact.put("LEAD_ID", null);
		contact.put("TYPE_ID", "CLIENT");
		contact.put("SOURCE_ID", "CALL");
		contact.put("SOURCE_DESCRIPTION", null);
		contact.put("COMPANY_ID", String.valueOf(companyId));
		contact.put("BIRTHDATE", "");
		contact.put("EXPORT", "Y");
		contact.put("HAS_PHONE", "Y");
		contact.put("HAS_EMAIL", "Y");
		contact.put("HAS_IMOL", "N");
		contact.put("DATE_CREATE", SandboxTime.iso(created.plusSeconds(600)));
		contact.put("DATE_MODIFY", SandboxTime.iso(created.plusSeconds(600)));
		contact.put("ASSIGNED_BY_ID", String.valueOf(assigned));
		contact.put("CREATED_BY_ID", String.valueOf(assigned));
		contact.put("MODIFY_BY_ID", String.valueOf(assigned));
		contact.put("OPENED", "Y");
		contact.put("ORIGINATOR_ID", null);
		contact.put("ORIGIN_ID", null);
		contact.put("ORIGIN_VERSION", null);
		contact.put("FACE_ID", null);
		contact.put("LAST_ACTIVITY_TIME", SandboxTime.iso(created.plusSeconds(600)));
		contact.put("LAST_ACTIVITY_BY", String.valueOf(assigned));
		contact.put("COMPANY_IDS", new ArrayList<>(List.of(String.valueOf(companyId))));
		contact.put("PHONE", new ArrayList<>(List.of(multiField("PHONE", "MOBILE", mobile()))));
		contact.put("EMAIL", new ArrayList<>(List.of(multiField("EMAIL", "WORK",
				translit(name).charAt(0) + "." + translit(surname) + "@" + slug.replace('.', '-') + ".ru"))));
		this.state.contacts.put(id, contact);
	}

	private Map<String, Object> multiField(String type, String valueType, String value) {
		Map<String, Object> field = new LinkedHashMap<>();
		field.put("ID", String.valueOf(++this.state.lastMultiFieldId));
		field.put("VALUE_TYPE", valueType);
		field.put("VALUE", value);
		field.put("TYPE_ID", type);
		return field;
	}

	private String mobile() {
		return "+7 9" + digits(2) + " " + digits(3) + "-" + digits(2) + "-" + digits(2);
	}

	private String digits(int count) {
		StringBuilder digits = new StringBuilder();
		for (int i = 0; i < count; i++) {
			digits.append(this.random.nextInt(10));
		}
		return digits.toString();
	}

	/** Labels of the company user fields, as the portal's card shows them. */
	static Map<String, String> companyFieldLabels(SandboxProperties.CompanyUserFields fields) {
		Map<String, String> labels = new LinkedHashMap<>();
		putLabel(labels, fields.coordinates(), "Координаты (широта, долгота)");
		putLabel(labels, fields.openingHours(), "Режим работы");
		putLabel(labels, fields.decisionMaker(), "ЛПР (лицо, принимающее решение)");
		putLabel(labels, fields.productsOfInterest(), "Интересующие продукты");
		putLabel(labels, "UF_CRM_SUPPLIER", "Текущий поставщик");
		return labels;
	}

	private static void putLabel(Map<String, String> labels, String entry, String label) {
		String name = SandboxProperties.CompanyUserFields.name(entry);
		if (name != null) {
			labels.put(name, label);
		}
	}

	private static final String[] OPENING_HOURS = { "пн–пт 9:00–18:00, перерыв 13:00–14:00",
			"пн–пт 8:00–17:00, обед 12:00–13:00; сб 10:00–14:00", "ежедневно 8:00–22:00",
			"пн–сб 10:00–20:00, вс выходной", "пн-пт 9:00-18:00", "круглосуточно",
			"пн–пт 10:00–19:00, перерыв 14:00–15:00, сб–вс выходной" };

	private static final String[] PRODUCTS = { "молочная продукция", "замороженные продукты", "бакалея", "напитки",
			"кондитерские изделия", "снеки", "детское питание", "бытовая химия" };

	private static final String[] DECIDER_POSTS = { "директор", "владелец", "управляющий", "товаровед", "закупщик" };

	/**
	 * The configured user fields of a demo company: coordinates, opening hours, decision
	 * maker, products of interest. From a random source of its own, so the rest of the
	 * seed stays as it was.
	 */
	private void companyUserFields(Map<String, Object> company, long id, double latitude, double longitude) {
		SandboxProperties.CompanyUserFields fields = (this.companyFields != null) ? this.companyFields
				: SandboxProperties.CompanyUserFields.defaults();
		fields.defined().keySet().forEach((name) -> company.put(name, null));
		Random own = new Random(SEED + 31 * id);
		putUserField(company, fields.coordinates(), String.format(Locale.ROOT, "%.6f,%.6f", latitude, longitude));
		putUserField(company, fields.openingHours(), OPENING_HOURS[own.nextInt(OPENING_HOURS.length)]);
		boolean female = own.nextBoolean();
		String surname = SURNAMES[own.nextInt(SURNAMES.length)] + (female ? "а" : "");
		String name = female ? FEMALE_NAMES[own.nextInt(FEMALE_NAMES.length)]
				: MALE_NAMES[own.nextInt(MALE_NAMES.length)];
		putUserField(company, fields.decisionMaker(),
				surname + " " + name + ", " + DECIDER_POSTS[own.nextInt(DECIDER_POSTS.length)]);
		List<String> products = new ArrayList<>(List.of(PRODUCTS));
		Collections.shuffle(products, own);
		putUserField(company, fields.productsOfInterest(), String.join(", ", products.subList(0, 1 + own.nextInt(3))));
	}

	private static void putUserField(Map<String, Object> company, String entry, String value) {
		String name = SandboxProperties.CompanyUserFields.name(entry);
		if (name != null) {
			company.put(name, value);
		}
	}

	private String pick(String[] options) {
		return options[this.random.nextInt(options.length)];
	}

	private char initial() {
		return INITIALS.charAt(this.random.nextInt(INITIALS.length()));
	}

	private static final String[][] TRANSLIT = { { "а", "a" }, { "б", "b" }, { "в", "v" }, { "г", "g" }, { "д", "d" },
			{ "е", "e" }, { "ё", "e" }, { "ж", "zh" }, { "з", "z" }, { "и", "i" }, { "й", "y" }, { "к", "k" },
			{ "л", "l" }, { "м", "m" }, { "н", "n" }, { "о", "o" }, { "п", "p" }, { "р", "r" }, { "с", "s" },
			{ "т", "t" }, { "у", "u" }, { "ф", "f" }, { "х", "kh" }, { "ц", "ts" }, { "ч", "ch" }, { "ш", "sh" },
			{ "щ", "sch" }, { "ъ", "" }, { "ы", "y" }, { "ь", "" }, { "э", "e" }, { "ю", "yu" }, { "я", "ya" } };

	/** A domain-safe Latin form: «Зелёная аптека» → zelenaya-apteka. */
	static String translit(String text) {
		StringBuilder latin = new StringBuilder();
		for (char c : text.toLowerCase(Locale.ROOT).toCharArray()) {
			String mapped = null;
			for (String[] pair : TRANSLIT) {
				if (pair[0].charAt(0) == c) {
					mapped = pair[1];
					break;
				}
			}
			if (mapped != null) {
				latin.append(mapped);
			}
			else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
				latin.append(c);
			}
			else if (latin.length() > 0 && latin.charAt(latin.length() - 1) != '-') {
				latin.append('-');
			}
		}
		String slug = latin.toString().replaceAll("-+$", "");
		return slug.isEmpty() ? "company" : slug;
	}

	/** A value of the Visit item's type field. */
	record VisitType(String code, String name, int defaultDurationMinutes) {
	}

}
