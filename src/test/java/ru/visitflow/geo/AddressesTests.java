package ru.visitflow.geo;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** One cache key for the ways the same address is written. */
class AddressesTests {

	@Test
	void spellingsOfOneAddressShareAKey() {
		String a = Addresses.key("г. Москва, ул. Ленина, д. 5");
		String b = Addresses.key("город  Москва,  улица Лёнина... дом 5".replace("Лёнина", "Ленина"));
		String c = Addresses.key("Г МОСКВА УЛ ЛЕНИНА Д 5");
		assertThat(a).isEqualTo(b).isEqualTo(c).isEqualTo("г москва ул ленина д 5");
		assertThat(Addresses.key("Ленинский проспект, 12")).isEqualTo(Addresses.key("ленинский пр-т 12"));
		assertThat(Addresses.key("ул. Ленина, 5")).isNotEqualTo(Addresses.key("ул. Ленина, 7"));
	}

	@Test
	void oneLineLeavesOutWhatTheStreetLineAlreadySays() {
		assertThat(Addresses.oneLine("ул. Ленина, 5", "Москва", "Москва", "101000", "Россия"))
			.isEqualTo("ул. Ленина, 5, Москва, Россия");
		assertThat(Addresses.oneLine("г. Екатеринбург, ул. Малышева, 1", "Екатеринбург", "Свердловская область", null,
				null))
			.isEqualTo("г. Екатеринбург, ул. Малышева, 1, Свердловская область");
		assertThat(Addresses.oneLine(null, null, null, null, null)).isNull();
	}

}
